package io.logintelemetry.state;

import io.logintelemetry.log.Logs;
import io.logintelemetry.log.RateLimitedLog;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a store's {@link StateSnapshot} every interval and once more at {@link #close()}, always on
 * its own daemon thread: a request never writes, and never waits for a write.
 */
public final class PeriodicSnapshot implements AutoCloseable {

    private static final Logs.Logger LOG = Logs.get("io.logintelemetry");
    private static final RateLimitedLog FAILURES = new RateLimitedLog(LOG, 60_000);
    /** Longest a shutdown waits for the last snapshot to reach the disk. */
    private static final long CLOSE_WAIT_SECONDS = 60;

    private final InMemoryStateStore store;
    private final Path file;
    private final ScheduledThreadPoolExecutor executor;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile long lastBytes;
    private volatile long lastMillis;
    private volatile long lastWrittenAt;

    private PeriodicSnapshot(InMemoryStateStore store, Path file, Duration interval) {
        this.store = store;
        this.file = file;
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "logintelemetry-state-snapshot");
            t.setDaemon(true);
            return t;
        });
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        long millis = interval.toMillis();
        executor.scheduleWithFixedDelay(this::writeOnce, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Starts writing {@code store} to {@code file} every {@code interval}. */
    public static PeriodicSnapshot start(InMemoryStateStore store, Path file, Duration interval) {
        return new PeriodicSnapshot(store, file, interval);
    }

    private void writeOnce() {
        try {
            long start = System.nanoTime();
            lastBytes = StateSnapshot.write(store, file);
            lastMillis = (System.nanoTime() - start) / 1_000_000;
            lastWrittenAt = System.currentTimeMillis();
            written.incrementAndGet();
        } catch (IOException | RuntimeException e) {
            failed.incrementAndGet();
            FAILURES.error("Login Telemetry could not write the state snapshot " + file
                    + "; the previous one (if any) is kept", e);
        }
    }

    /** For JMX: written, failed, last-bytes, last-write-millis, last-written-at (epoch ms, 0 before the first). */
    public Map<String, Long> counters() {
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("written", written.get());
        counters.put("failed", failed.get());
        counters.put("last-bytes", lastBytes);
        counters.put("last-write-millis", lastMillis);
        counters.put("last-written-at", lastWrittenAt);
        return counters;
    }

    /** Snapshots written so far. */
    public long written() {
        return written.get();
    }

    /** Snapshots that failed so far. */
    public long failed() {
        return failed.get();
    }

    /** Writes a last snapshot (on the snapshot thread, after any write under way) and stops. */
    @Override
    public void close() {
        if (executor.isShutdown()) {
            return;
        }
        executor.execute(this::writeOnce);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("Login Telemetry gave up waiting for the last state snapshot " + file + " after "
                        + CLOSE_WAIT_SECONDS + " s");
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
