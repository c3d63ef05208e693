package io.logintelemetry.log;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Logs our own failures at most once per interval, saying how many were suppressed in between. A
 * detector failing on every request must not flood the host app's log.
 */
public final class RateLimitedLog {

    private final Logs.Logger logger;
    private final long intervalNanos;
    private final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    public RateLimitedLog(Logs.Logger logger, long intervalMillis) {
        this.logger = logger;
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    public void error(String message, Throwable cause) {
        long now = System.nanoTime();
        long next = nextAllowed.get();
        if ((next == Long.MIN_VALUE || now - next >= 0) && nextAllowed.compareAndSet(next, now + intervalNanos)) {
            long skipped = suppressed.getAndSet(0);
            logger.error(message + (skipped > 0 ? " (" + skipped + " similar errors suppressed)" : ""), cause);
        } else {
            suppressed.incrementAndGet();
        }
    }
}
