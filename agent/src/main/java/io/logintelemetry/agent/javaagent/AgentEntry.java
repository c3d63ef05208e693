package io.logintelemetry.agent.javaagent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * {@code -javaagent:logintelemetry-agent.jar[=options]} and runtime attach. Puts the bridge on the
 * boot class path, then hands over to {@link AgentInstaller}. Names no class of the bridge directly:
 * the bridge must be loaded from the boot class path, never from this jar's class loader first.
 *
 * <p>Whatever fails here, the application starts as if no agent were given: one line on stderr.
 */
public final class AgentEntry {

    /** The bridge classes, as resources of this jar. */
    private static final String[] BRIDGE = {
        "io/logintelemetry/agent/bridge/Bridge.class",
        "io/logintelemetry/agent/bridge/Bridge$Handler.class",
    };
    private static final String BRIDGE_CLASS = "io.logintelemetry.agent.bridge.Bridge";

    private AgentEntry() {
    }

    /** Start-up: {@code -javaagent}. */
    public static void premain(String options, Instrumentation inst) {
        start(options, inst, false);
    }

    /** Runtime attach ({@code java -jar logintelemetry-agent.jar attach <pid>}): classes already loaded are retransformed. */
    public static void agentmain(String options, Instrumentation inst) {
        start(options, inst, true);
    }

    private static synchronized void start(String options, Instrumentation inst, boolean attached) {
        try {
            if (bridgeActive()) {
                System.err.println("Login Telemetry agent: already installed in this JVM; nothing to do");
                return;
            }
            appendBridge(inst);
            AgentInstaller.install(AgentOptions.parse(options), inst, attached);
        } catch (Throwable e) {
            System.err.println("Login Telemetry agent NOT installed (the application runs without it): " + e);
        }
    }

    private static boolean bridgeActive() throws ReflectiveOperationException {
        try {
            Class<?> bridge = Class.forName(BRIDGE_CLASS, false, null);
            return Boolean.TRUE.equals(bridge.getMethod("active").invoke(null));
        } catch (ClassNotFoundException notYet) {
            return false;
        }
    }

    /** Writes the bridge classes to a temporary jar and appends it to the boot class path. */
    private static void appendBridge(Instrumentation inst) throws IOException {
        Path jar = Files.createTempFile("logintelemetry-bridge-", ".jar");
        jar.toFile().deleteOnExit();
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (String name : BRIDGE) {
                try (InputStream in = AgentEntry.class.getClassLoader().getResourceAsStream(name)) {
                    if (in == null) {
                        throw new IOException("missing " + name + " in the agent jar");
                    }
                    out.putNextEntry(new JarEntry(name));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        inst.appendToBootstrapClassLoaderSearch(new JarFile(jar.toFile()));
    }
}
