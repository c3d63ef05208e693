package io.logintelemetry.bench.redis;

import io.logintelemetry.bench.Pace;
import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.engine.Engine;
import io.logintelemetry.event.Event;
import io.logintelemetry.event.EventType;
import io.logintelemetry.net.IpAddress;
import io.logintelemetry.redis.RedisStateStore;
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
 * The Redis state store (issue 8) against the Redis that {@code store} names ({@link LocalRedis}):
 * <ul>
 *   <li>{@link #accept}: {@code Engine.accept} on the request thread (SampleTime) with {@code store} =
 *       {@code memory} (the reference), {@code redis} (Redis up), {@code redis-slow} (Redis up but
 *       paused for 50 ms in every 100 ms, so a command waits up to 50 ms) or {@code redis-down}
 *       (nothing listening: the worker keeps failing, the queue fills and then drops). Target:
 *       within 10% of memory.</li>
 *   <li>{@link #acceptPaced}: the same at {@link Pace#rate} events/s, as requests arrive, rather
 *       than back to back. The {@code memory} row is paced alike, so both see the same cold caches
 *       after each pause.</li>
 *   <li>{@link #applied}: events per second applied to Redis end to end (queued, scripts run, merged
 *       state read back and re-evaluated): each invocation accepts 1,000 logins and waits until the
 *       worker is idle. Only meaningful with {@code store=redis} or {@code redis-slow}.</li>
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

    private LocalRedis redis;
    private Engine engine;
    private RedisStateStore redisStore;
    private Event[] events;
    private int next;

    @Setup(Level.Trial)
    public void start() throws Exception {
        Map<String, String> raw = new HashMap<>();
        raw.put("logintelemetry.state.redis.queue-capacity", "100000");
        if (!store.equals("memory")) {
            redis = LocalRedis.start(store);
            raw.put("logintelemetry.state.store", "redis");
            raw.put("logintelemetry.state.redis.uri", redis.uri());
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
        engine.close();
        if (redis != null) {
            redis.close();
        }
    }
}
