package io.logintelemetry.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A stock Apache Tomcat binary distribution (as unpacked by the build), set up the way an operator
 * would: users in {@code conf/tomcat-users.xml}, the agent in {@code bin/setenv.sh}, its own
 * properties file, and the connector on a free port of 127.0.0.1 (shutdown port off, no AJP). Runs
 * as its own process ({@code catalina.sh run}) on the same JDK as the test.
 */
public final class StockTomcat implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Path home;
    private final Path agentLog;
    private final int port;
    private Path properties;
    private int jmxPort = -1;
    private Process process;

    private StockTomcat(Path home, Path agentLog, int port) {
        this.home = home;
        this.agentLog = agentLog;
        this.port = port;
    }

    /** A builder for a fresh copy of the distribution unpacked at {@code distribution}. */
    public static Builder of(Path distribution) {
        return new Builder(distribution);
    }

    /** Builds and starts a copy of a distribution. */
    public static final class Builder {
        private final Path distribution;
        private final Map<String, String> users = new LinkedHashMap<>();
        private final Map<String, String> config = new LinkedHashMap<>();
        private final List<String> jvmOptions = new ArrayList<>();
        private boolean agentAtStart = true;
        private boolean jmx;
        private final Map<String, Path> webapps = new LinkedHashMap<>();

        private Builder(Path distribution) {
            this.distribution = distribution;
        }

        /** A user in conf/tomcat-users.xml with the examples' roles. */
        public Builder user(String name, String password) {
            users.put(name, password);
            return this;
        }

        /** A key of the agent's properties file. */
        public Builder config(String key, String value) {
            config.put(key, value);
            return this;
        }

        /** One more JVM option in setenv.sh. */
        public Builder jvmOption(String option) {
            jvmOptions.add(option);
            return this;
        }

        /** Deploys an exploded web application as webapps/{@code name} (context path /{@code name}). */
        public Builder deploy(String name, Path explodedWar) {
            webapps.put(name, explodedWar);
            return this;
        }

        /** Opens remote JMX on a free port of 127.0.0.1 (no authentication: tests only). */
        public Builder jmx() {
            jmx = true;
            return this;
        }

        /** Leaves -javaagent out of setenv.sh (the test attaches the agent later). */
        public Builder withoutAgentAtStart() {
            agentAtStart = false;
            return this;
        }

        public StockTomcat start(Path workDir) throws IOException {
            Path home = workDir.resolve("tomcat");
            copyTree(distribution, home);
            Path serverXml = home.resolve("conf/server.xml");
            String stockServer = Files.readString(serverXml, StandardCharsets.UTF_8);
            StringBuilder u = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    + "<tomcat-users xmlns=\"http://tomcat.apache.org/xml\" version=\"1.0\">\n"
                    + "  <role rolename=\"tomcat\"/>\n  <role rolename=\"role1\"/>\n  <role rolename=\"user\"/>\n");
            users.forEach((name, pw) -> u.append("  <user username=\"").append(name).append("\" password=\"").append(pw)
                    .append("\" roles=\"tomcat,role1,user\"/>\n"));
            u.append("</tomcat-users>\n");
            Files.writeString(home.resolve("conf/tomcat-users.xml"), u, StandardCharsets.UTF_8);

            Path agentLog = workDir.resolve("logintelemetry-agent.log");
            Path properties = workDir.resolve("logintelemetry.properties");
            StringBuilder p = new StringBuilder("logintelemetry.agent.log-file=" + agentLog + "\n");
            config.forEach((k, v) -> p.append(k).append('=').append(v).append('\n'));
            Files.writeString(properties, p, StandardCharsets.UTF_8);
            for (Map.Entry<String, Path> app : webapps.entrySet()) {
                copyTree(app.getValue(), home.resolve("webapps").resolve(app.getKey()));
            }
            try (Stream<Path> scripts = Files.list(home.resolve("bin"))) {
                scripts.filter(f -> f.toString().endsWith(".sh")).forEach(f -> f.toFile().setExecutable(true));
            }
            // A free port can be taken by another process of the shared machine between our probe and
            // Tomcat's bind: then start again on other ports (a bounded number of times).
            for (int attempt = 1; ; attempt++) {
                int port = freePort();
                Files.writeString(serverXml, stockServer
                        .replace("<Server port=\"8005\"", "<Server port=\"-1\"")
                        .replace("port=\"8080\"", "port=\"" + port + "\" address=\"127.0.0.1\""), StandardCharsets.UTF_8);
                List<String> opts = new ArrayList<>(jvmOptions);
                int jmxPort = jmx ? freePort() : -1;
                if (jmx) {
                    opts.addAll(RemoteJmx.options(jmxPort));
                }
                if (agentAtStart) {
                    opts.add("-javaagent:" + AgentJar.path() + "=config=" + properties);
                }
                Files.writeString(home.resolve("bin/setenv.sh"),
                        "CATALINA_OPTS=\"$CATALINA_OPTS " + String.join(" ", opts) + "\"\n", StandardCharsets.UTF_8);
                StockTomcat tomcat = new StockTomcat(home, agentLog, port);
                tomcat.jmxPort = jmxPort;
                try {
                    tomcat.launch(properties);
                    return tomcat;
                } catch (PortTaken taken) {
                    try {
                        tomcat.close();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                    if (attempt == 3) {
                        throw new IllegalStateException(taken.getMessage());
                    }
                    Files.deleteIfExists(home.resolve("logs/console.out"));
                    Files.deleteIfExists(agentLog); // the next JVM's lines only
                }
            }
        }
    }

    /** Tomcat (or its JMX agent) could not bind a port we had found free: another process took it. */
    private static final class PortTaken extends IOException {
        PortTaken(String message) {
            super(message);
        }
    }

    private void launch(Path properties) throws IOException {
        this.properties = properties;
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/catalina.sh").toString(), "run")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("logs/console.out").toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("CATALINA_HOME", home.toString());
        pb.environment().put("CATALINA_BASE", home.toString());
        pb.environment().put("CATALINA_PID", home.resolve("tomcat.pid").toString());
        pb.environment().remove("JAVA_OPTS");
        process = pb.start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!accepting() || !console().contains("Server startup in")) {
            if (console().contains("java.net.BindException")) {
                throw new PortTaken("port " + port + " or " + jmxPort + " was taken by another process:\n" + console());
            }
            if (!process.isAlive()) {
                if (console().contains("Port already in use")) {
                    throw new PortTaken("JMX port " + jmxPort + " was taken by another process:\n" + console());
                }
                throw new IllegalStateException("Tomcat exited at start-up:\n" + console());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Tomcat did not open its port within " + START_TIMEOUT + ":\n" + console());
            }
            sleep(200);
        }
        if (console().contains("java.net.BindException")) {
            throw new PortTaken("port " + port + " was taken by another process:\n" + console());
        }
    }

    private boolean accepting() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Loads the agent into the running Tomcat as an operator would, from a separate process:
     * {@code java -jar logintelemetry-agent.jar attach <pid> config=<properties>}. Returns its output.
     */
    public String attachAgent() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process attach = new ProcessBuilder(java.toString(), "-jar", AgentJar.path().toString(), "attach",
                Long.toString(pid()), "config=" + properties)
                .redirectErrorStream(true)
                .start();
        String output = new String(attach.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!attach.waitFor(60, TimeUnit.SECONDS) || attach.exitValue() != 0) {
            throw new IllegalStateException("attach failed: " + output);
        }
        return output;
    }

    /** A long attribute of an MBean of the running Tomcat, over remote JMX ({@link Builder#jmx()}). */
    public long jmxLong(String objectName, String attribute) throws Exception {
        return RemoteJmx.longAttribute(jmxPort, objectName, attribute);
    }

    /** A {@code Map<String, Long>} attribute of an MXBean of the running Tomcat, over remote JMX. */
    public java.util.Map<String, Long> jmxMap(String objectName, String attribute) throws Exception {
        return RemoteJmx.mapAttribute(jmxPort, objectName, attribute);
    }

    /** The JVM's process id (for attach). */
    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    /** A web application's root URI, e.g. {@code /examples}. */
    public URI uri(String contextPath) {
        return URI.create("http://127.0.0.1:" + port + contextPath);
    }

    public Path home() {
        return home;
    }

    /** The agent's own log file (its start-up lines and the flag lines). */
    public Path agentLog() {
        return agentLog;
    }

    /** What Tomcat wrote on its console (catalina.sh run). */
    public String console() {
        try {
            Path f = home.resolve("logs/console.out");
            return Files.exists(f) ? Files.readString(f, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the agent log holds a line containing {@code text}. */
    public void awaitAgentLog(String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!agentLogText().contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("agent log never said '" + text + "':\n" + agentLogText() + "\nconsole:\n" + console());
            }
            sleep(100);
        }
    }

    public String agentLogText() {
        try {
            return Files.exists(agentLog) ? Files.readString(agentLog, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path source : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
