package io.logintelemetry.bench.redis;

import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.engine.Engine;
import io.logintelemetry.event.Event;
import io.logintelemetry.event.EventType;
import io.logintelemetry.net.IpAddress;
import io.logintelemetry.redis.RedisStateStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Redis state store (issue 8) against a local {@code redis-server} that the benchmark starts on a
 * free 127.0.0.1 port (the Debian package must be installed):
 * <ul>
 *   <li>{@link #accept}: {@code Engine.accept} on the request thread (SampleTime) with {@code store} =
 *       {@code memory} (the reference), {@code redis} (Redis up), {@code redis-slow} (Redis up but
 *       paused by {@code CLIENT PAUSE} for 50 ms, then answering for 100 ms, over and over, so a
 *       command waits up to 50 ms) or {@code redis-down} (nothing listening: the worker keeps failing, the queue fills
 *       and then drops). Target: within 10% of memory.</li>
 *   <li>{@link #acceptPaced}: the same at a request rate the Redis worker keeps up with
 *       ({@link Pace#rate} events/s, spaced by the benchmark thread sleeping between calls, outside
 *       the measured time): every event is queued rather than dropped, as in an application whose
 *       traffic the worker absorbs. The {@code memory} row is paced alike, so both see the same cold
 *       caches after each pause.</li>
 *   <li>{@link #applied}: events per second applied to Redis end to end (queued, scripts run, merged
 *       state read back and re-evaluated): each invocation accepts 1,000 logins and waits until the
 *       worker is idle. Only meaningful with {@code store=redis}.</li>
 * </ul>
 * 10,000 accounts, each on its own address (no flags: the common path), logins one second apart in
 * event time.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class RedisStore {

    private static final int BATCH = 1_000;

    @Param({"memory", "redis", "redis-slow", "redis-down"})
    public String store;

    private Process redis;
    private Thread pauser;
    private volatile boolean running = true;
    private Path dir;
    private Engine engine;
    private RedisStateStore redisStore;
    private Event[] events;
    private int next;

    @Setup(Level.Trial)
    public void start() throws Exception {
        Map<String, String> raw = new HashMap<>();
        raw.put("logintelemetry.state.redis.queue-capacity", "100000");
        if (!store.equals("memory")) {
            int port = freePort();
            if (store.equals("redis") || store.equals("redis-slow")) {
                dir = Files.createTempDirectory("lt-bench-redis");
                // hz 100: Redis ends a CLIENT PAUSE only on its next timer tick, so at the default 10 ticks a
                // second a 50 ms pause lasts about 100 ms and the pauses left it answering in short gaps only.
                redis = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                        "--save", "", "--appendonly", "no", "--hz", "100", "--dir", dir.toString()).redirectErrorStream(true)
                        .redirectOutput(dir.resolve("redis.log").toFile()).start();
                awaitPort(port);
                if (store.equals("redis-slow")) {
                    pauser = slowDown(port);
                }
            }
            raw.put("logintelemetry.state.store", "redis");
            raw.put("logintelemetry.state.redis.uri", "redis://127.0.0.1:" + port);
        }
        LoginTelemetryConfig config = LoginTelemetryConfig.from(raw);
        var builder = Engine.builder(config);
        if (!store.equals("memory")) {
            redisStore = RedisStateStore.create(config);
            builder.stateStore(redisStore);
        }
        engine = builder.build();
        events = new Event[1 << 16];
        long t0 = 1_767_225_600_000L;
        for (int i = 0; i < events.length; i++) {
            int account = (i * 7919) % 10_000;
            events[i] = Event.builder(EventType.LOGIN, t0 + i * 1000L).account("user" + account)
                    .ip(IpAddress.ofV4(0xC6120000 | account)).session("s" + account)
                    .userAgent("Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/124.0").build();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Object accept() {
        return engine.accept(events[next++ & (events.length - 1)]);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Object acceptPaced(Pace pace) {
        return engine.accept(events[next++ & (events.length - 1)]);
    }

    /** Spaces the calls of {@link #acceptPaced} to {@link #rate} per second; the wait is not measured. */
    @State(Scope.Thread)
    public static class Pace {
        @Param({"2000"})
        public int rate;
        private long nextAt;

        @Setup(Level.Invocation)
        public void waitForTurn() {
            long now = System.nanoTime();
            if (nextAt == 0 || now - nextAt > TimeUnit.SECONDS.toNanos(1)) {
                nextAt = now; // start, or resume after JMH's own pause between iterations
            }
            nextAt += TimeUnit.SECONDS.toNanos(1) / rate;
            long wait = nextAt - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    public void applied() throws InterruptedException {
        for (int i = 0; i < BATCH; i++) {
            engine.accept(events[next++ & (events.length - 1)]);
        }
        if (redisStore != null && !store.equals("redis-down")) {
            redisStore.awaitIdle(Duration.ofSeconds(60));
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        if (redisStore != null) {
            System.out.println("\n[redis " + store + "] " + redisStore.counters());
        }
        running = false;
        if (pauser != null) {
            pauser.join(5_000);
        }
        engine.close();
        if (redis != null) {
            redis.destroyForcibly();
            redis.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Pauses every Redis client for 50 ms, lets them run for 100 ms, and so on, from its own connection, until the trial ends. */
    private Thread slowDown(int port) {
        byte[] pause = "*4\r\n$6\r\nCLIENT\r\n$5\r\nPAUSE\r\n$2\r\n50\r\n$3\r\nALL\r\n"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
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
