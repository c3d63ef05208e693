package io.logintelemetry.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.engine.Engine;
import io.logintelemetry.export.delivery.DeliverySink;
import io.logintelemetry.flag.Flag;
import io.logintelemetry.sink.FlagSink;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shutdown with two receivers down: each sink keeps trying for its shutdown timeout, and the engine
 * closes them at the same time, so the host waits for one timeout, not two.
 */
class ParallelCloseTest {

    private static final long TIMEOUT_MS = 3_000;

    @TempDir
    Path dir;

    /** Records when its sink's close ran. */
    private static final class Timed implements FlagSink {
        final DeliverySink sink;
        volatile long start;
        volatile long end;

        Timed(FlagSink sink) {
            this.sink = (DeliverySink) sink;
        }

        @Override
        public void publish(Flag flag, boolean firstOfAccount) {
            sink.publish(flag, firstOfAccount);
        }

        @Override
        public void close() {
            start = System.nanoTime();
            sink.close();
            end = System.nanoTime();
        }
    }

    @Test
    void twoSinksDownCloseTogetherWithinOneShutdownTimeout() throws Exception {
        Map<String, String> s = new HashMap<>();
        s.put("logintelemetry.export.spool.directory", dir.resolve("spool").toString());
        s.put("logintelemetry.export.shutdown-timeout", "PT" + TIMEOUT_MS / 1000 + "S");
        s.put("logintelemetry.export.retry.initial-backoff", "PT0.05S");
        s.put("logintelemetry.export.retry.max-backoff", "PT0.2S");
        try (ServerSocket closed = new ServerSocket(0)) {
            s.put("logintelemetry.export.webhook.url", "http://127.0.0.1:" + closed.getLocalPort() + "/down");
            s.put("logintelemetry.export.hec.url", "http://127.0.0.1:" + closed.getLocalPort());
        }
        s.put("logintelemetry.export.hec.token", "00000000-0000-0000-0000-000000000000");
        LoginTelemetryConfig config = LoginTelemetryConfig.from(s);
        List<Timed> timed = new ArrayList<>();
        var builder = Engine.builder(config);
        for (FlagSink sink : new ExportProvider().create(config, "/")) {
            Timed t = new Timed(sink);
            timed.add(t);
            builder.sink(t);
        }
        assertThat(timed).hasSize(2);
        Engine engine = builder.build();
        for (Timed t : timed) {
            t.publish(TestFlags.plain("f-1", "alice", "203.0.113.7"), true);
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (timed.stream().anyMatch(t -> t.sink.spooled() < 1) && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        long begin = System.nanoTime();
        engine.close();
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
        Timed a = timed.get(0);
        Timed b = timed.get(1);
        // Each kept trying for (about) its timeout, the flag staying spooled...
        for (Timed t : timed) {
            assertThat(t.sink.delivered()).isZero();
            assertThat(TimeUnit.NANOSECONDS.toMillis(t.end - t.start)).isGreaterThanOrEqualTo(TIMEOUT_MS - 100);
        }
        // ...and the two did so at the same time: the second began before the first ended.
        assertThat(Math.max(a.start, b.start)).isLessThan(Math.min(a.end, b.end));
        assertThat(took).isLessThan(2 * TIMEOUT_MS);
    }
}
