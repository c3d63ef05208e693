package io.logintelemetry.bench.export;

import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.export.ExportProvider;
import io.logintelemetry.export.delivery.DeliverySink;
import io.logintelemetry.flag.Flag;
import io.logintelemetry.sink.FlagSink;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The time {@code publish} (what the engine calls on the request thread when a flag is raised)
 * takes on the caller's thread, with the receiver up and with it down (nothing listening: every
 * delivery fails and is retried while the spool fills). Target (issue 6): down is no slower than up.
 *
 * <p>Flags are raised at a steady pace ({@code pauseMicros} between two, outside the measured time,
 * 5,000 flags/s by default, already far above a real site's rate), so the sink's spool writer keeps
 * up and the measured call is the real one: a queue offer that is accepted, not dropped. The
 * accepted and dropped counts are printed at the end of each trial.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class ExportPublish {

    @Param({"up", "down"})
    public String receiver;

    @Param({"hec"})
    public String sink;

    @Param({"200"})
    public int pauseMicros;

    private LocalReceivers receivers;
    private Path dir;
    private DeliverySink delivery;
    private Flag[] flags;
    private int next;

    @Setup(Level.Trial)
    public void start() throws IOException {
        receivers = new LocalReceivers();
        dir = Files.createTempDirectory("logintelemetry-bench-publish-");
        String base = receivers.httpBase();
        if (receiver.equals("down")) {
            try (ServerSocket s = new ServerSocket(0)) {
                base = "http://127.0.0.1:" + s.getLocalPort(); // closed again: connection refused
            }
        }
        Map<String, String> s = new HashMap<>();
        s.put("logintelemetry.export.spool.directory", dir.resolve("spool").toString());
        s.put("logintelemetry.export.spool.max-bytes", "2GB");
        s.put("logintelemetry.export.retry.max-backoff", "1s");
        switch (sink) {
            case "hec" -> {
                s.put("logintelemetry.export.hec.url", base);
                s.put("logintelemetry.export.hec.token", "bench");
            }
            case "webhook" -> s.put("logintelemetry.export.webhook.url", base + "/hook");
            default -> throw new IllegalArgumentException(sink);
        }
        List<FlagSink> sinks = new ExportProvider().create(LoginTelemetryConfig.from(s), "bench");
        delivery = (DeliverySink) sinks.get(0);
        flags = new Flag[4096];
        for (int i = 0; i < flags.length; i++) {
            flags[i] = ExportThroughput.realisticFlag(i);
        }
    }

    @Setup(Level.Invocation)
    public void pace() {
        LockSupport.parkNanos(pauseMicros * 1_000L);
    }

    @Benchmark
    public void publish() {
        delivery.publish(flags[next++ & (flags.length - 1)], false);
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        System.out.println("\n[export " + receiver + "] " + delivery.counters());
        delivery.close();
        receivers.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
