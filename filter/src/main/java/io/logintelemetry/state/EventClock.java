package io.logintelemetry.state;

import com.github.benmanes.caffeine.cache.Ticker;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time as the events tell it: the latest event time seen, never going back.
 *
 * <p>The caches' {@link Ticker} reads this clock, so idle state expires by event time. That is what
 * makes a replay of last month's logs give the same flags as the live run did, whatever the wall
 * clock says while the scan runs.
 */
public final class EventClock implements Ticker {

    private final AtomicLong latestMillis = new AtomicLong(Long.MIN_VALUE);

    /** Moves the clock to {@code eventMillis} if that is later; earlier times leave it where it is. */
    public void advanceTo(long eventMillis) {
        // Every event of every request thread comes here, and most carry the millisecond the clock
        // already shows. A compare-and-set on each of them (what accumulateAndGet does, even when
        // the value stays) would pull this one cache line exclusively to every core in turn; a plain
        // read leaves it shared until time really moves.
        long latest = latestMillis.get();
        while (eventMillis > latest && !latestMillis.compareAndSet(latest, eventMillis)) {
            latest = latestMillis.get();
        }
    }

    /** The latest event time seen (epoch ms), or {@link Long#MIN_VALUE} before the first event. */
    public long nowMillis() {
        return latestMillis.get();
    }

    @Override
    public long read() {
        long now = latestMillis.get();
        return now == Long.MIN_VALUE ? 0 : now * 1_000_000L;
    }
}
