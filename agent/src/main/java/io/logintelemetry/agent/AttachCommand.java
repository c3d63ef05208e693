package io.logintelemetry.agent;

import java.io.File;
import java.net.URISyntaxException;
import java.util.concurrent.Callable;
import net.bytebuddy.agent.ByteBuddyAgent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code attach <pid> [options]}: loads this jar as a Java agent into a JVM that is already running
 * (through the JDK's attach API, from this separate process, so the target needs no
 * {@code jdk.attach.allowAttachSelf}). Classes the target has loaded are retransformed.
 */
@Command(name = "attach", mixinStandardHelpOptions = true,
        description = {"Loads the Login Telemetry agent into a running JVM, e.g. a Tomcat, by its process id.",
            "OPTIONS are those of -javaagent:logintelemetry-agent.jar=OPTIONS, e.g. config=/etc/logintelemetry.properties.",
            "JDK 21+ targets print a warning about dynamically loaded agents (start them with -XX:+EnableDynamicAgentLoading to allow it silently)."})
public final class AttachCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PID", description = "Process id of the target JVM.")
    String pid;

    @Parameters(index = "1", arity = "0..1", paramLabel = "OPTIONS", description = "Agent options, key=value separated by commas.")
    String options;

    @Override
    public Integer call() {
        File jar = ownJar();
        if (jar == null || !jar.isFile()) {
            spec.commandLine().getErr().println("attach needs to run from logintelemetry-agent.jar (java -jar logintelemetry-agent.jar attach PID)");
            return 2;
        }
        try {
            ByteBuddyAgent.attach(jar, pid, options == null ? "" : options);
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("Could not attach to process " + pid + ": " + e.getMessage()
                    + (e.getCause() == null ? "" : " (" + e.getCause() + ")"));
            return 1;
        }
        spec.commandLine().getOut().println("Login Telemetry agent loaded into process " + pid
                + "; its log says whether it installed (agent.log-file, else the target's stderr)");
        return 0;
    }

    private static File ownJar() {
        try {
            return new File(AttachCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
