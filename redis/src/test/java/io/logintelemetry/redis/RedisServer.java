package io.logintelemetry.redis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real redis-server on a free 127.0.0.1 port, in a temporary directory, without persistence. */
final class RedisServer implements AutoCloseable {

    private final int port;
    private final Path dir;
    private final String[] extra;
    private Path configFile;
    private Process process;

    private RedisServer(int port, Path dir, String... extra) {
        this.port = port;
        this.dir = dir;
        this.extra = extra;
    }

    /**
     * A server that speaks TLS only, on a free port, with {@code certs}' server certificate; clients
     * need no certificate of their own.
     */
    static RedisServer startTls(TestCertificates certs) throws IOException, InterruptedException {
        return startTls(certs, false);
    }

    /**
     * As {@link #startTls(TestCertificates)}; with {@code clientCertificates} every client must show a
     * certificate {@code certs}' CA signed (Redis's own default, {@code tls-auth-clients yes}).
     */
    static RedisServer startTls(TestCertificates certs, boolean clientCertificates) throws IOException, InterruptedException {
        int tlsPort = freePort();
        // The plain port comes first in the command line: "--port 0" after it switches it off.
        RedisServer server = new RedisServer(tlsPort, Files.createTempDirectory("lt-redis-tls"), "--port", "0",
                "--tls-port", String.valueOf(tlsPort), "--tls-cert-file", certs.serverCert().toString(),
                "--tls-key-file", certs.serverKey().toString(), "--tls-ca-cert-file", certs.ca().toString(),
                "--tls-auth-clients", clientCertificates ? "yes" : "no");
        server.restart();
        return server;
    }

    /**
     * A Sentinel (redis-server --sentinel) on a free port, watching {@code master} as "mymaster", alone
     * (quorum 1); {@code settings} are more lines of its configuration.
     */
    static RedisServer startSentinel(RedisServer master, String... settings) throws IOException, InterruptedException {
        RedisServer sentinel = new RedisServer(freePort(), Files.createTempDirectory("lt-redis-sentinel"), "--sentinel");
        // Sentinel rewrites its configuration file as it learns: it has to be a file of its own.
        sentinel.configFile = sentinel.dir.resolve("sentinel.conf");
        StringBuilder conf = new StringBuilder("sentinel monitor mymaster 127.0.0.1 " + master.port() + " 1\n");
        for (String line : settings) {
            conf.append(line).append('\n');
        }
        Files.writeString(sentinel.configFile, conf);
        sentinel.restart();
        return sentinel;
    }

    static RedisServer start(String... extra) throws IOException, InterruptedException {
        RedisServer server = new RedisServer(freePort(), Files.createTempDirectory("lt-redis"), extra);
        server.restart();
        return server;
    }

    /**
     * Starts a Redis Cluster of three masters (no replicas) on free ports, each with its cluster bus
     * on its port + 10000, and waits until it serves all slots.
     */
    static List<RedisServer> startCluster() throws IOException, InterruptedException {
        List<RedisServer> nodes = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        while (nodes.size() < 3) {
            int port = freePort();
            if (port > 55_000 || !free(port + 10_000)) {
                continue;
            }
            RedisServer node = new RedisServer(port, Files.createTempDirectory("lt-redis-cluster"), "--cluster-enabled", "yes",
                    "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000");
            node.restart();
            nodes.add(node);
            addresses.add("127.0.0.1:" + port);
        }
        List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        create.addAll(addresses);
        create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        Process p = new ProcessBuilder(create).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("redis-cli --cluster create failed: " + out);
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (RedisServer node : nodes) {
            while (!node.cli("cluster", "info").contains("cluster_state:ok")) {
                if (System.nanoTime() > end) {
                    throw new IOException("the cluster did not come up");
                }
                Thread.sleep(100);
            }
        }
        return nodes;
    }

    /** A redis-cli command against this server; its output. */
    String cli(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(port)));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    int port() {
        return port;
    }

    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** (Re)starts the server on the same port, empty, and waits until it answers. */
    void restart() throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("redis-server"));
        if (configFile != null) {
            cmd.add(configFile.toString()); // must come first
        }
        cmd.addAll(List.of("--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString()));
        cmd.addAll(List.of(extra));
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile()).start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < end) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IOException("redis-server exited: " + Files.readString(dir.resolve("redis.log")));
                }
                Thread.sleep(20);
            }
        }
        throw new IOException("redis-server did not start on port " + port);
    }

    /** Kills the server at once (SIGKILL), as a crash would. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            kill();
        }
    }
}
