package io.logintelemetry.sink;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A bounded queue that many threads (requests) hand items to and one worker thread takes them from,
 * without a lock on either side.
 *
 * <p>Why not an {@code ArrayBlockingQueue}: its offer takes the lock the worker's poll holds, so a
 * request thread can end up parked behind the worker, and it signals the worker on every item.
 * Here an offer is a counter increment and a lock-free enqueue; a full hand-off costs one read. The
 * worker is woken only once it has been idle for a while ({@link #DOZE_NANOS}): until then it naps
 * in short steps and finds new items by itself, so a steady stream of requests never pays for a
 * wake-up.
 *
 * <p>An item counts against the capacity until the worker calls {@link #done()} for it, so
 * {@link #unfinished()} is zero only when nothing is queued and nothing is in the worker's hands.
 *
 * @param <T> the item
 */
public final class HandOff<T> {

    /** How long the worker stays awake (napping) after its last item. */
    private static final long DOZE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** One nap while it does. */
    private static final long NAP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final ConcurrentLinkedQueue<T> items = new ConcurrentLinkedQueue<>();
    /** Items offered and not yet done; counted apart because the queue's own size() walks it. */
    private final AtomicInteger unfinished = new AtomicInteger();
    private final int capacity;
    /** The worker, while it sleeps and wants to be woken for the next item; else null. */
    private volatile Thread sleeper;
    /** When the worker last took an item (worker thread only). */
    private long lastTaken = System.nanoTime();

    /** @param capacity items that may be queued or in the worker's hands at once */
    public HandOff(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
    }

    /** Queues {@code item} without waiting; false when {@link #capacity} items are unfinished. */
    public boolean offer(T item) {
        return offer(item, capacity);
    }

    /** Queues {@code item} without waiting unless {@code limit} items (may exceed the capacity: a reserve) are unfinished. */
    public boolean offer(T item, int limit) {
        java.util.Objects.requireNonNull(item, "item"); // before counting it: a slot once taken is only given back by done()
        if (unfinished.get() >= limit) {
            return false; // full: no write, so a flood of drops does not fight over the counter
        }
        if (unfinished.incrementAndGet() > limit) {
            unfinished.decrementAndGet();
            return false;
        }
        items.offer(item);
        Thread s = sleeper; // read after the enqueue; the worker sets it before its last look
        if (s != null) {
            LockSupport.unpark(s);
        }
        return true;
    }

    /** The worker takes the next item, or null at once when none waits. Call {@link #done()} when finished with it. */
    public T poll() {
        T item = items.poll();
        if (item != null) {
            lastTaken = System.nanoTime();
        }
        return item;
    }

    /**
     * The worker takes the next item, waiting at most {@code timeout}; null when none came. Call
     * {@link #done()} when finished with it.
     */
    public T poll(long timeout, TimeUnit unit) throws InterruptedException {
        T item = poll();
        if (item != null) {
            return item;
        }
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (true) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            long now = System.nanoTime();
            long left = deadline - now;
            if (left <= 0) {
                return null;
            }
            if (now - lastTaken < DOZE_NANOS) {
                LockSupport.parkNanos(this, Math.min(left, NAP_NANOS));
            } else {
                sleeper = Thread.currentThread();
                item = poll(); // after announcing: an offer either is seen here or wakes us
                if (item != null) {
                    sleeper = null;
                    return item;
                }
                LockSupport.parkNanos(this, left);
                sleeper = null;
            }
            item = poll();
            if (item != null) {
                return item;
            }
        }
    }

    /** The worker is finished with an item it took. */
    public void done() {
        unfinished.decrementAndGet();
    }

    /** Items queued or in the worker's hands. */
    public int unfinished() {
        return unfinished.get();
    }

    /** Whether no item waits (one may still be in the worker's hands). */
    public boolean isEmpty() {
        return items.isEmpty();
    }

    public int capacity() {
        return capacity;
    }
}
