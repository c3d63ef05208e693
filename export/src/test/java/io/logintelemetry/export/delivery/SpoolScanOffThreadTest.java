package io.logintelemetry.export.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.logintelemetry.export.TestFlags;
import io.logintelemetry.export.spool.Spool;
import io.logintelemetry.export.spool.SpoolRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large spool left by an earlier run is read on the sink's own thread: building the sink (on the
 * deploy thread) does not wait for it, flags published while it is read are queued, and once read,
 * the old records and the new flags are all delivered.
 */
class SpoolScanOffThreadTest {

    private static final long CAP = 256L << 20;

    @TempDir
    Path dir;

    @Test
    void constructionAndPublishDoNotWaitForTheSpoolScan() throws Exception {
        int old = 8_000;
        byte[] filler = new byte[4_000];
        Arrays.fill(filler, (byte) 'x');
        try (Spool earlier = Spool.open(dir, CAP)) {
            List<SpoolRecord> batch = new ArrayList<>();
            for (int i = 0; i < old; i++) {
                batch.add(new SpoolRecord("old-" + i, filler));
                if (batch.size() == 500) {
                    earlier.append(batch);
                    batch.clear();
                }
            }
        }
        Set<String> received = ConcurrentHashMap.newKeySet();
        Transport accepting = new Transport() {
            @Override
            public int maxBatch() {
                return 500;
            }

            @Override
            public Result send(List<SpoolRecord> records) {
                records.forEach(r -> received.add(r.id()));
                return Result.delivered();
            }

            @Override
            public String describe() {
                return "test";
            }
        };
        Spool spool = Spool.prepare(dir, CAP);
        // Hold the spool's scan where it starts (a slow disk, deterministically): the sink must not care.
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            synchronized (spool) {
                holding.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        holder.start();
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        DeliverySink[] built = new DeliverySink[1];
        try {
            // A guard against a hang, not a timing assertion: a sink reading its spool here would never return.
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                built[0] = new DeliverySink("scan", f -> new SpoolRecord(f.id(), f.id().getBytes(StandardCharsets.UTF_8)),
                        spool, accepting, 100, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(5));
                for (int i = 0; i < 20; i++) {
                    built[0].publish(TestFlags.plain("new-" + i, "a", "203.0.113.1"), false);
                }
                built[0].counters(); // JMX reads do not wait for the scan either
            });
            DeliverySink sink = built[0];
            assertThat(spool.recovered()).isFalse();
            assertThat(sink.accepted()).isEqualTo(20);
            assertThat(sink.dropped()).isZero();
            assertThat(sink.spooled()).isZero();
            assertThat(received).isEmpty();
        } finally {
            release.countDown();
            holder.join(10_000);
        }
        DeliverySink sink = built[0];
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (received.size() < old + 20 && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        sink.close();
        assertThat(spool.recovered()).isTrue();
        assertThat(received).hasSize(old + 20).contains("old-0", "old-" + (old - 1), "new-0", "new-19");
    }
}
