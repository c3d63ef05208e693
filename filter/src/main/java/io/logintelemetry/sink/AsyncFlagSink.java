package io.logintelemetry.sink;

import io.logintelemetry.flag.Flag;
import io.logintelemetry.log.Logs;
import io.logintelemetry.log.RateLimitedLog;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Runs a slow flag writer on its own daemon thread behind a bounded queue, so the request thread
 * only ever does an {@code offer}.
 *
 * <p>Flood control: when the queue holds {@code capacity} flags, further flags are dropped and
 * counted, except an account's first flag for a signal, which may use a reserve of a quarter more.
 * Only when that reserve is also full is a first flag dropped (counted apart). Memory stays bounded
 * either way.
 */
public final class AsyncFlagSink implements FlagSink {

    private static final RateLimitedLog ERRORS = new RateLimitedLog(Logs.get("io.logintelemetry"), 60_000);

    private final String name;
    private final Consumer<Flag> writer;
    private final int capacity;
    private final BlockingQueue<Flag> queue;
    private final AtomicInteger reserveInUse = new AtomicInteger();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder droppedFirst = new LongAdder();
    private final LongAdder written = new LongAdder();
    private final Thread thread;
    private volatile boolean closing;

    /**
     * @param name     sink name for the thread and the logs
     * @param writer   writes one flag; may block or do I/O, runs on the sink's thread
     * @param capacity queue length for ordinary flags
     */
    public AsyncFlagSink(String name, Consumer<Flag> writer, int capacity) {
        this.name = name;
        this.writer = writer;
        this.capacity = capacity;
        this.queue = new ArrayBlockingQueue<>(capacity + Math.max(1, capacity / 4));
        this.thread = new Thread(this::drain, "logintelemetry-sink-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void publish(Flag flag, boolean firstOfAccount) {
        if (closing) {
            dropped.increment();
            return;
        }
        // Ordinary flags stop at `capacity`; the rest of the queue is kept for first flags.
        if (queue.size() < capacity || firstOfAccount) {
            if (queue.offer(flag)) {
                return;
            }
        }
        if (firstOfAccount) {
            droppedFirst.increment();
        }
        dropped.increment();
    }

    private void drain() {
        while (!closing || !queue.isEmpty()) {
            Flag flag;
            try {
                flag = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                if (closing) {
                    flag = queue.poll();
                    if (flag == null) {
                        return;
                    }
                } else {
                    continue;
                }
            }
            if (flag == null) {
                continue;
            }
            try {
                writer.accept(flag);
                written.increment();
            } catch (RuntimeException e) {
                ERRORS.error("Login Telemetry sink '" + name + "' failed to write a flag", e);
            }
        }
    }

    /** Flags dropped because the queue was full. */
    public long dropped() {
        return dropped.sum();
    }

    /** Of those, flags that were an account's first for their signal. */
    public long droppedFirstFlags() {
        return droppedFirst.sum();
    }

    /** Flags written. */
    public long written() {
        return written.sum();
    }

    /** Flags waiting. */
    public int queued() {
        return queue.size();
    }

    /** Writes what is queued, waiting at most {@code timeoutMillis}, then stops the thread. */
    public void close(long timeoutMillis) {
        closing = true;
        try {
            thread.join(timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.interrupt();
    }

    @Override
    public void close() {
        close(5_000);
    }
}
