package io.logintelemetry.bench.redis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The Redis a benchmark's state store talks to, as the {@code store} parameter names it: a local
 * {@code redis-server} (the Debian package must be installed) on a free 127.0.0.1 port, up
 * ({@code redis}), paused by {@code CLIENT PAUSE} for 50 ms in every 100 ms
 * ({@code redis-slow}), or nothing listening on the port ({@code redis-down}).
 */
public final class LocalRedis implements AutoCloseable {

    private final int port;
    private final Process server;
    private final Path dir;
    private final Thread pauser;
    private volatile boolean running = true;

    private LocalRedis(String mode) throws Exception {
        port = freePort();
        if (mode.equals("redis-down")) {
            server = null;
            dir = null;
            pauser = null;
            return;
        }
        if (!mode.equals("redis") && !mode.equals("redis-slow")) {
            throw new IllegalArgumentException("no such store: " + mode);
        }
        dir = Files.createTempDirectory("lt-bench-redis");
        // hz 100: Redis ends a CLIENT PAUSE only on its next timer tick, so at the default 10 ticks a
        // second a 50 ms pause lasts about 100 ms and the pauses left it answering in short gaps only.
        server = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--hz", "100", "--dir", dir.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile()).start();
        awaitPort(port);
        pauser = mode.equals("redis-slow") ? slowDown() : null;
    }

    /** Starts what {@code mode} ({@code redis}, {@code redis-slow} or {@code redis-down}) asks for. */
    public static LocalRedis start(String mode) throws Exception {
        return new LocalRedis(mode);
    }

    /** The URI of the server, or of the port where nothing listens. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        if (pauser != null) {
            pauser.join(5_000);
        }
        if (server != null) {
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Pauses every Redis client for 50 ms in every 100 ms, from its own connection, until closed. */
    private Thread slowDown() {
        byte[] pause = "*4\r\n$6\r\nCLIENT\r\n$5\r\nPAUSE\r\n$2\r\n50\r\n$3\r\nALL\r\n".getBytes(StandardCharsets.US_ASCII);
        Thread t = new Thread(() -> {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                var in = s.getInputStream();
                var out = s.getOutputStream();
                while (running) {
                    out.write(pause);
                    out.flush();
                    for (int c = in.read(); c != '\n'; c = in.read()) { // the answer, "+OK\r\n"
                        if (c < 0) {
                            throw new IOException("Redis closed the connection");
                        }
                    }
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException e) {
                System.out.println("\n[redis-slow] pauser stopped: " + e);
            }
        }, "redis-pauser");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void awaitPort(int port) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > end) {
                    throw notYet;
                }
                Thread.sleep(20);
            }
        }
    }
}
