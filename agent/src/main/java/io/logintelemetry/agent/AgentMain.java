package io.logintelemetry.agent;

import io.logintelemetry.agent.scan.ScanCommand;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Entry point of the agent jar ({@code java -jar logintelemetry-agent.jar <command>}): {@code scan}
 * of event files, and {@code attach} of the Java agent to a running JVM. The same jar is the Java
 * agent itself ({@code -javaagent}, see {@code io.logintelemetry.agent.javaagent.AgentEntry}).
 */
@Command(name = "logintelemetry-agent", mixinStandardHelpOptions = true,
        description = "Login Telemetry: flags accounts run by hidden remote workers.",
        subcommands = {ScanCommand.class, AttachCommand.class, CommandLine.HelpCommand.class})
public final class AgentMain implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command, e.g. scan FILE... or attach PID");
    }

    /** The command line with our conventions: enum values in any case; stdout and stderr in UTF-8. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new AgentMain());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // The JVM's default console charset may not be UTF-8; account names and flag summaries are.
        cl.setOut(new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), true));
        cl.setErr(new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true));
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
