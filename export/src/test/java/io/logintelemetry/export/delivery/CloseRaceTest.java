package io.logintelemetry.export.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.export.TestFlags;
import io.logintelemetry.export.spool.Spool;
import io.logintelemetry.export.spool.SpoolRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flags published on several threads while the sink shuts down: each is either accepted, and then
 * in the spool on disk when close returns, or refused and counted. None is accepted and lost.
 */
class CloseRaceTest {

    @TempDir
    Path dir;

    @RepeatedTest(5)
    void aFlagPublishedDuringCloseIsSpooledOrRefusedAndCounted() throws Exception {
        Transport down = new Transport() {
            @Override
            public int maxBatch() {
                return 100;
            }

            @Override
            public Result send(List<SpoolRecord> batch) {
                return Result.retry("receiver down");
            }

            @Override
            public String describe() {
                return "down";
            }
        };
        DeliverySink sink = new DeliverySink("race", f -> new SpoolRecord(f.id(), f.id().getBytes(StandardCharsets.UTF_8)),
                Spool.open(dir, 64L << 20), down, 1_000_000, Duration.ofMillis(50), Duration.ofMillis(100),
                Duration.ofSeconds(5));
        AtomicLong attempts = new AtomicLong();
        List<Thread> publishers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            Thread p = new Thread(() -> {
                for (int i = 0; i < 200_000 && sink.refusedClosing() == 0; i++) {
                    attempts.incrementAndGet();
                    sink.publish(TestFlags.plain("f-" + thread + "-" + i, "a" + thread, "203.0.113.1"), false);
                }
                // A few more after close began, all of which must be refused.
                for (int i = 0; i < 100; i++) {
                    attempts.incrementAndGet();
                    sink.publish(TestFlags.plain("late-" + thread + "-" + i, "a", "203.0.113.1"), false);
                }
            });
            publishers.add(p);
            p.start();
        }
        while (sink.accepted() < 2_000) {
            Thread.onSpinWait();
        }
        sink.close();
        for (Thread p : publishers) {
            p.join(30_000);
        }
        assertThat(sink.refusedClosing()).isPositive();
        assertThat(sink.dropped()).isZero();
        assertThat(sink.accepted() + sink.refusedClosing()).isEqualTo(attempts.get());
        assertThat(sink.spooled()).isEqualTo(sink.accepted());
        try (Spool reopened = Spool.open(dir, 64L << 20)) {
            assertThat(reopened.pending()).isEqualTo(sink.accepted());
        }
    }
}
