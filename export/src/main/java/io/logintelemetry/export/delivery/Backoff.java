package io.logintelemetry.export.delivery;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: after the n-th failure in a row the wait is drawn between half
 * and all of {@code initial * 2^(n-1)}, capped at {@code max}. The jitter keeps many instances that
 * lost the same receiver from all coming back at the same instant.
 */
final class Backoff {

    private final long initialMillis;
    private final long maxMillis;

    Backoff(Duration initial, Duration max) {
        this.initialMillis = Math.max(1, initial.toMillis());
        this.maxMillis = Math.max(initialMillis, max.toMillis());
    }

    /** The wait after {@code failures} failures in a row (at least 1). */
    long delayMillis(int failures) {
        int shift = Math.min(Math.max(0, failures - 1), 40);
        long base = initialMillis << shift;
        if (base <= 0 || base > maxMillis) {
            base = maxMillis;
        }
        long half = base / 2;
        return half + ThreadLocalRandom.current().nextLong(base - half + 1);
    }
}
