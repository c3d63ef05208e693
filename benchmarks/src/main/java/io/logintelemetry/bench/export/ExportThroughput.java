package io.logintelemetry.bench.export;

import io.logintelemetry.action.Action;
import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.export.ExportProvider;
import io.logintelemetry.export.delivery.DeliverySink;
import io.logintelemetry.flag.Evidence;
import io.logintelemetry.flag.Flag;
import io.logintelemetry.flag.Severity;
import io.logintelemetry.flag.Signal;
import io.logintelemetry.sink.FlagSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
 * Flags per second through each sink, end to end: publish {@value #BATCH} flags, then wait until
 * the receiver acknowledged all of them (spooled to disk with a forced write, formatted, sent,
 * acknowledged, the spool cursor moved). The receivers run on 127.0.0.1 in the same JVM
 * ({@link LocalReceivers}); the ECS file sink writes to a temporary file. Pseudonymisation on or
 * off ({@code pseudonymise}) shows what the HMACs cost.
 *
 * <p>The spool lives under {@code java.io.tmpdir}: on a tmpfs the forced writes are nearly free;
 * point {@code -Djava.io.tmpdir} at a real disk to include their cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class ExportThroughput {

    static final int BATCH = 5_000;

    @Param({"hec", "ecs", "webhook", "syslog", "ecs-file"})
    public String sink;

    @Param({"false"})
    public boolean pseudonymise;

    private LocalReceivers receivers;
    private Path dir;
    private DeliverySink delivery;
    private Flag[] flags;
    private long expected;

    @Setup(Level.Trial)
    public void start() throws IOException {
        receivers = new LocalReceivers();
        dir = Files.createTempDirectory("logintelemetry-bench-export-");
        Map<String, String> s = new HashMap<>();
        s.put("logintelemetry.export.spool.directory", dir.resolve("spool").toString());
        s.put("logintelemetry.export.queue-capacity", Integer.toString(BATCH * 2));
        s.put("logintelemetry.export.batch-size", "500");
        if (pseudonymise) {
            s.put("logintelemetry.export.pseudonymise.enabled", "true");
            s.put("logintelemetry.export.pseudonymise.key", "benchmark-key-0123456789");
        }
        switch (sink) {
            case "hec" -> {
                s.put("logintelemetry.export.hec.url", receivers.httpBase());
                s.put("logintelemetry.export.hec.token", "bench");
            }
            case "ecs" -> s.put("logintelemetry.export.ecs.url", receivers.httpBase());
            case "webhook" -> s.put("logintelemetry.export.webhook.url", receivers.httpBase() + "/hook");
            case "syslog" -> {
                s.put("logintelemetry.export.syslog.host", "127.0.0.1");
                s.put("logintelemetry.export.syslog.port", Integer.toString(receivers.syslogPort()));
                s.put("logintelemetry.export.syslog.protocol", "tcp");
            }
            case "ecs-file" -> s.put("logintelemetry.export.ecs.file", dir.resolve("flags.jsonl").toString());
            default -> throw new IllegalArgumentException(sink);
        }
        List<FlagSink> sinks = new ExportProvider().create(LoginTelemetryConfig.from(s), "bench");
        delivery = (DeliverySink) sinks.get(0);
        flags = new Flag[BATCH];
        for (int i = 0; i < BATCH; i++) {
            flags[i] = realisticFlag(i);
        }
    }

    /** A flag of the size and shape ip.churn raises: five networks, a summary naming them. */
    static Flag realisticFlag(int i) {
        String account = "user-" + (i % 10_000) + "@example.org";
        String ip = "198.51." + (i % 200) + "." + (i % 250 + 1);
        List<String> networks = List.of("203.0.113.0/24", "198.51.100.0/24", "192.0.2.0/24", "198.18.5.0/24", "198.18.7.0/24");
        return new Flag(UUID.randomUUID().toString(), Signal.IP_CHURN, Severity.MEDIUM, 1_772_368_496_789L + i, account, ip,
                "s-" + Integer.toHexString(i), null, "5 networks in 38 min (limit 4 in 1 h)",
                Evidence.builder().put("rule", "networks").put("networks_count", 5).put("limit", 4).put("window_minutes", 60)
                        .put("span_minutes", 38).list("networks", networks).build(),
                Action.LOG, "app-1");
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long deliver() throws InterruptedException {
        expected += BATCH;
        for (Flag f : flags) {
            delivery.publish(f, true);
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (delivery.delivered() < expected) {
            if (System.nanoTime() > until || delivery.dropped() > 0) {
                throw new IllegalStateException("not delivered: " + delivery.counters());
            }
            Thread.sleep(0, 200_000);
        }
        return delivery.delivered();
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        System.out.println("\n[export] " + delivery.counters());
        delivery.close();
        receivers.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
