package io.logintelemetry.sink;

import io.logintelemetry.log.Logs;
import io.logintelemetry.log.RateLimitedLog;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Runs slow work (log appenders, network sends) on its own daemon thread behind a bounded queue, so
 * the request thread only ever does an {@code offer}.
 *
 * <p>Flood control: once {@code capacity} items wait, ordinary items are dropped and counted;
 * priority items (an account's first flag) may still use a reserve of a quarter more. Only when
 * that reserve is full too is a priority item dropped (counted apart). Memory stays bounded.
 *
 * <p>Every item offered is either handled or counted as dropped, also when an offer races with
 * {@link #close}: the queue itself refuses offers once closed, and the worker stops only when it has
 * handled everything the queue accepted (see {@link HandOff#finished()}). A check of a flag of our
 * own before the offer would leave a gap between the check and the enqueue, in which the worker
 * could see the queue empty, stop, and strand the item.
 *
 * @param <T> the work item
 */
public final class BoundedWorker<T> implements AutoCloseable {

    private static final RateLimitedLog ERRORS = new RateLimitedLog(Logs.get("io.logintelemetry"), 60_000);

    private final String name;
    private final Consumer<T> work;
    private final int capacity;
    private final HandOff<T> queue;
    private final int reserve;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder droppedPriority = new LongAdder();
    private final LongAdder done = new LongAdder();
    private final Thread thread;

    /**
     * @param name     for the thread and the logs
     * @param work     handles one item; may block or do I/O, runs on the worker's thread
     * @param capacity items that may wait, before the priority reserve
     */
    public BoundedWorker(String name, Consumer<T> work, int capacity) {
        this.name = name;
        this.work = work;
        this.capacity = capacity;
        this.reserve = Math.max(1, capacity / 4);
        this.queue = new HandOff<>(capacity + reserve);
        this.thread = new Thread(this::run, "logintelemetry-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues an item without waiting; false if it was dropped (queue full, or closed). */
    public boolean offer(T item, boolean priority) {
        if (queue.offer(item, priority ? capacity + reserve : capacity)) {
            return true;
        }
        if (priority) {
            droppedPriority.increment();
        }
        dropped.increment();
        return false;
    }

    private void run() {
        while (!queue.finished()) {
            T item;
            try {
                item = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                // close() interrupts only to break a blocked item; what the queue accepted is still handled.
                item = queue.poll();
            }
            if (item == null) {
                continue;
            }
            try {
                work.accept(item);
                done.increment();
            } catch (RuntimeException e) {
                ERRORS.error("Login Telemetry worker '" + name + "' failed on an item", e);
            } finally {
                queue.done();
            }
        }
    }

    /** Items dropped because the queue was full. */
    public long dropped() {
        return dropped.sum();
    }

    /** Of those, priority items. */
    public long droppedPriority() {
        return droppedPriority.sum();
    }

    /** Items handled. */
    public long done() {
        return done.sum();
    }

    /** Items waiting or being handled. */
    public int queued() {
        return queue.unfinished();
    }

    /**
     * Refuses (and counts) items from now on and handles what is queued, waiting at most
     * {@code timeoutMillis}; then interrupts the thread, which still handles what is left (as a daemon).
     */
    public void close(long timeoutMillis) {
        queue.close();
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
