package io.logintelemetry.state;

/**
 * An account's activity over the last 7 days in one-hour buckets: active seconds per hour, and
 * whether the account was seen in that hour at all.
 *
 * <p>168 buckets of {@code char} (an hour holds at most 3600 s) plus a 168-bit presence mask: about
 * 400 bytes whatever the traffic, where a list of request times would grow without bound. Sums over
 * "the last 24 hours" cover whole buckets up to the current one, so they may miss up to an hour at
 * the far edge of the window, never count time outside it. Not thread-safe: the owner synchronises.
 */
final class HourRing {

    static final int HOURS = 7 * 24;
    private static final long HOUR_MILLIS = 3_600_000L;

    private final char[] activeSeconds = new char[HOURS];
    private final long[] present = new long[(HOURS + 63) / 64];
    private long headHour = Long.MIN_VALUE;

    static long hourOf(long millis) {
        return Math.floorDiv(millis, HOUR_MILLIS);
    }

    /** Marks the hour of {@code millis} as one the account was seen in. */
    void markPresent(long millis) {
        long hour = hourOf(millis);
        if (advance(hour)) {
            int slot = slot(hour);
            present[slot >> 6] |= 1L << (slot & 63);
        }
    }

    /** Adds the active interval {@code [from, to)} to the buckets it spans. */
    void addActive(long from, long to) {
        long start = from;
        while (start < to) {
            long hour = hourOf(start);
            long end = Math.min(to, (hour + 1) * HOUR_MILLIS);
            if (advance(hour)) {
                int slot = slot(hour);
                int seconds = activeSeconds[slot] + (int) ((end - start + 500) / 1000);
                activeSeconds[slot] = (char) Math.min(seconds, 3600);
            }
            start = end;
        }
    }

    /** Active time, in milliseconds, in the {@code hours} buckets ending with the hour of {@code nowMillis}. */
    long activeMillis(long nowMillis, int hours) {
        long nowHour = hourOf(nowMillis);
        long total = 0;
        for (long h = nowHour - Math.min(hours, HOURS) + 1; h <= nowHour; h++) {
            if (inRange(h)) {
                total += activeSeconds[slot(h)];
            }
        }
        return total * 1000;
    }

    /** The distinct hours of the day (UTC, 0-23) in which the account was seen over the last 7 days. */
    int distinctHoursOfDay(long nowMillis) {
        int mask = 0;
        long nowHour = hourOf(nowMillis);
        for (long h = nowHour - HOURS + 1; h <= nowHour; h++) {
            int slot;
            if (inRange(h) && (present[(slot = slot(h)) >> 6] & (1L << (slot & 63))) != 0) {
                mask |= 1 << (int) Math.floorMod(h, 24L);
            }
        }
        return Integer.bitCount(mask);
    }

    /** Moves the head forward to {@code hour}, clearing the buckets it passes; false if {@code hour} is too old. */
    private boolean advance(long hour) {
        if (headHour == Long.MIN_VALUE) {
            headHour = hour;
            return true;
        }
        if (hour > headHour) {
            long steps = Math.min(hour - headHour, HOURS);
            for (long h = hour - steps + 1; h <= hour; h++) {
                int slot = slot(h);
                activeSeconds[slot] = 0;
                present[slot >> 6] &= ~(1L << (slot & 63));
            }
            headHour = hour;
            return true;
        }
        return hour > headHour - HOURS;
    }

    private boolean inRange(long hour) {
        return headHour != Long.MIN_VALUE && hour <= headHour && hour > headHour - HOURS;
    }

    private static int slot(long hour) {
        return (int) Math.floorMod(hour, (long) HOURS);
    }
}
