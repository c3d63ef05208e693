package io.logintelemetry.export.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.export.TestFlags;
import io.logintelemetry.export.spool.Spool;
import io.logintelemetry.export.spool.SpoolRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-memory queue stays bounded when the spool writer cannot keep up (here: its formatter is
 * held, a fault no real receiver produces), dropping and counting ordinary flags first; an account's
 * first flag may still use the reserve. Once the writer moves again, everything accepted is spooled.
 */
class FloodControlTest {

    @TempDir
    Path dir;

    @Test
    void aFullQueueDropsAndCountsButKeepsFirstFlagsInTheReserve() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Transport accepting = new Transport() {
            @Override
            public int maxBatch() {
                return 100;
            }

            @Override
            public Result send(List<SpoolRecord> batch) {
                return Result.delivered();
            }

            @Override
            public String describe() {
                return "test";
            }
        };
        DeliverySink sink = new DeliverySink("test", flag -> {
            held.countDown();
            try {
                release.await(10, TimeUnit.SECONDS); // the writer is stuck on its first flag
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new SpoolRecord(flag.id(), flag.id().getBytes(StandardCharsets.UTF_8));
        }, Spool.open(dir, 1 << 20), accepting, 16, Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(5));
        try {
            sink.publish(TestFlags.plain("f-first", "a", "203.0.113.1"), false);
            assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 30; i++) {
                sink.publish(TestFlags.plain("f-" + i, "a", "203.0.113.1"), false);
            }
            assertThat(sink.counters().get("test.queued")).isEqualTo(16);
            assertThat(sink.dropped()).isEqualTo(14);
            // First flags of an account use the reserve of a quarter (4 more), then they too are dropped.
            for (int i = 0; i < 6; i++) {
                sink.publish(TestFlags.plain("p-" + i, "b" + i, "203.0.113.1"), true);
            }
            assertThat(sink.counters().get("test.queued")).isEqualTo(20);
            assertThat(sink.dropped()).isEqualTo(16);
            assertThat(sink.accepted()).isEqualTo(1 + 16 + 4);
        } finally {
            release.countDown();
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sink.delivered() < 21 && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertThat(sink.spooled()).isEqualTo(21);
        assertThat(sink.delivered()).isEqualTo(21);
        sink.close();
    }
}
