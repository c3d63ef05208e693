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
 * <p>Shutting down: after {@link #close()} every offer is refused ({@link Offer#CLOSED}), and
 * {@link #finished()} tells the worker when it has taken everything accepted before. An offer counts
 * its item before it looks whether the hand-off is closed, and the worker looks at the count only
 * after it saw the close, so an offer that raced with close() is either refused or seen by the
 * worker: never left behind in a queue nobody reads.
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
    private volatile boolean closed;
    /** When the worker last took an item (worker thread only). */
    private long lastTaken = System.nanoTime();

    /** @param capacity items that may be queued or in the worker's hands at once */
    public HandOff(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
    }

    /** What became of an offer. */
    public enum Offer {
        /** Queued: the worker will take it. */
        QUEUED,
        /** Refused: the limit was reached. */
        FULL,
        /** Refused: the hand-off was closed. */
        CLOSED
    }

    /** Queues {@code item} without waiting; false when {@link #capacity} items are unfinished or it is closed. */
    public boolean offer(T item) {
        return offer(item, capacity);
    }

    /**
     * Queues {@code item} without waiting unless {@code limit} items (may exceed the capacity: a
     * reserve) are unfinished or the hand-off is closed.
     */
    public boolean offer(T item, int limit) {
        return hand(item, limit) == Offer.QUEUED;
    }

    /** As {@link #offer(Object, int)}, saying why an item was refused: for callers that count the two apart. */
    public Offer hand(T item, int limit) {
        java.util.Objects.requireNonNull(item, "item"); // before counting it: a slot once taken is only given back by done()
        if (closed) {
            return Offer.CLOSED; // shutting down: no write, so offers after close() do not keep the worker looking
        }
        if (unfinished.get() >= limit) {
            return Offer.FULL; // full: no write, so a flood of drops does not fight over the counter
        }
        // Counted before closed is read again (see finished()): a close() this read misses is one
        // whose worker will still find this item.
        if (unfinished.incrementAndGet() > limit) {
            unfinished.decrementAndGet();
            return Offer.FULL;
        }
        if (closed) {
            unfinished.decrementAndGet();
            return Offer.CLOSED;
        }
        items.offer(item);
        Thread s = sleeper; // read after the enqueue; the worker sets it before its last look
        if (s != null) {
            LockSupport.unpark(s);
        }
        return Offer.QUEUED;
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
     * {@link #done()} when finished with it. Once closed it does not wait: it returns what is
     * queued, or null (after a yield, for an offer still on its way in: see {@link #finished()}).
     */
    public T poll(long timeout, TimeUnit unit) throws InterruptedException {
        T item = poll();
        if (item != null) {
            return item;
        }
        if (closed) {
            Thread.yield();
            return poll();
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
                item = poll(); // after announcing: an offer (or close()) either is seen here or wakes us
                if (item != null || closed) {
                    sleeper = null;
                    return item;
                }
                LockSupport.parkNanos(this, left);
                sleeper = null;
            }
            item = poll();
            if (item != null || closed) {
                return item;
            }
        }
    }

    /** The worker is finished with an item it took. */
    public void done() {
        unfinished.decrementAndGet();
    }

    /**
     * Refuses every offer from now on and wakes the worker, which takes what was accepted before:
     * it stops once {@link #finished()}. Any thread may call it, more than once.
     */
    public void close() {
        closed = true;
        Thread s = sleeper; // read after closed is set; the worker sets it before its last look
        if (s != null) {
            LockSupport.unpark(s);
        }
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Whether the hand-off is closed and every item it accepted is done: the worker's sign to stop.
     * Read in this order, closed then the count, because an offer counts its item before it reads
     * closed: an offer that was not refused is in the count read here.
     */
    public boolean finished() {
        return closed && unfinished.get() == 0;
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
