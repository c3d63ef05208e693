package io.logintelemetry.bench;

import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.engine.Engine;
import io.logintelemetry.event.Event;
import io.logintelemetry.event.EventType;
import io.logintelemetry.net.IpAddress;
import io.logintelemetry.state.InMemoryStateStore;
import io.logintelemetry.state.StateSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the state snapshot costs at the sizing (100,000 accounts, 100,000 sessions, 1,000,000
 * IPv4 addresses, populated as in {@link EngineThroughput}): the time to write and to restore the
 * file, its size, and what a snapshot being written does to the request thread: the latency of
 * {@link Engine#accept} for the same stream of request events, without and then with a snapshot
 * being written over and over on another thread. A {@code main}, not JMH: the interesting figure is
 * the tail of single-call latencies while another thread walks the state.
 *
 * <p>Run: {@code java -Xms4g -Xmx4g -cp benchmarks/target/benchmarks.jar io.logintelemetry.bench.SnapshotCost [accounts] [dir]}
 */
public final class SnapshotCost {

    private static final int IPS_PER_ACCOUNT = EngineThroughput.IPS_PER_ACCOUNT;
    private static final long START = EngineThroughput.START_MILLIS;

    private SnapshotCost() {
    }

    public static void main(String[] args) throws Exception {
        int accounts = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("lt-snapshot-bench");
        Path file = dir.resolve("state.bin");
        LoginTelemetryConfig config = LoginTelemetryConfig.from(Map.of(
                "logintelemetry.state.max-accounts", String.valueOf(2 * accounts),
                "logintelemetry.state.max-sessions", String.valueOf(2 * accounts),
                "logintelemetry.state.max-ips", String.valueOf(2 * accounts * IPS_PER_ACCOUNT),
                "logintelemetry.jmx.enabled", "false"));
        InMemoryStateStore store = new InMemoryStateStore(config);
        Engine engine = Engine.builder(config).stateStore(store).build();
        String[] names = new String[accounts];
        String[] sessions = new String[accounts];
        long time = START;
        for (int a = 0; a < accounts; a++) {
            names[a] = "user" + a + "@example.com";
            sessions[a] = "SESSION-" + Integer.toHexString(a * 0x9E3779B1) + "-" + a;
            engine.accept(Event.builder(EventType.LOGIN, time++).account(names[a]).ip(IpAddress.ofV4(0x0B00_0000 + a * IPS_PER_ACCOUNT))
                    .session(sessions[a]).userAgent(UserAgents.forAccount(a)).build());
        }
        for (int r = 0; r < IPS_PER_ACCOUNT; r++) {
            for (int a = 0; a < accounts; a++) {
                engine.accept(request(names, sessions, a, r, time++));
            }
        }
        System.out.println("State: " + store.sizes());

        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            long bytes = StateSnapshot.write(store, file);
            long t1 = System.nanoTime();
            System.out.printf("write %d: %.0f ms, %,d bytes%n", i + 1, (t1 - t0) / 1e6, bytes);
        }
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            StateSnapshot.Restored restored = StateSnapshot.restore(config, file);
            long t1 = System.nanoTime();
            System.out.printf("restore %d: %.0f ms, %s, problem: %s%n", i + 1, (t1 - t0) / 1e6, restored.counts(),
                    restored.problem());
        }

        int n = 2_000_000;
        Random random = new Random(7);
        long[] alone = new long[n];
        long[] during = new long[n];
        time = measure(engine, names, sessions, random, time, alone); // warm-up as well
        time = measure(engine, names, sessions, random, time, alone);
        AtomicBoolean stop = new AtomicBoolean();
        int[] written = {0};
        Thread writer = new Thread(() -> {
            try {
                while (!stop.get()) {
                    StateSnapshot.write(store, file);
                    written[0]++;
                }
            } catch (Exception e) {
                e.printStackTrace();
            }
        }, "snapshot-writer");
        writer.start();
        time = measure(engine, names, sessions, random, time, during);
        stop.set(true);
        writer.join();
        System.out.println("Engine.accept latency, " + n + " request events (ns):");
        System.out.println("  alone:                  " + percentiles(alone));
        System.out.println("  during " + written[0] + " snapshot(s): " + percentiles(during));
    }

    private static Event request(String[] names, String[] sessions, int a, int round, long time) {
        return Event.builder(EventType.REQUEST, time).account(names[a])
                .ip(IpAddress.ofV4(0x0B00_0000 + a * IPS_PER_ACCOUNT + round % IPS_PER_ACCOUNT))
                .session(sessions[a]).userAgent(UserAgents.forAccount(a)).build();
    }

    private static long measure(Engine engine, String[] names, String[] sessions, Random random, long time, long[] out) {
        for (int i = 0; i < out.length; i++) {
            int a = random.nextInt(names.length);
            Event e = request(names, sessions, a, i, time++);
            long t0 = System.nanoTime();
            engine.accept(e);
            out[i] = System.nanoTime() - t0;
        }
        return time;
    }

    private static String percentiles(long[] samples) {
        long[] s = samples.clone();
        Arrays.sort(s);
        return String.format("p50 %,d  p99 %,d  p99.9 %,d  p99.99 %,d  max %,d", s[s.length / 2], s[(int) (s.length * 0.99)],
                s[(int) (s.length * 0.999)], s[(int) (s.length * 0.9999)], s[s.length - 1]);
    }
}
