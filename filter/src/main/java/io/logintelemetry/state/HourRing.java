package io.logintelemetry.state;

/**
 * An account's activity over the last 7 days in one-hour buckets: active seconds per hour, and
 * whether the account was seen in that hour at all.
 *
 * <p>168 buckets of {@code char} (an hour holds at most 3600 s) plus a 168-bit presence mask: about
 * 400 bytes whatever the traffic, where a list of request times would grow without bound. Sums over
 * "the last 24 hours" cover whole buckets up to the current one, so they may miss up to an hour at
 * the far edge of the window, never count time outside it. Not thread-safe: the owner synchronises.
 *
 * <p>The detectors ask for the day and week totals and the distinct hours of the day on every event,
 * always as of the head hour; running totals answer those in O(1) instead of scanning 168 buckets.
 * Any other "now" falls back to the scan.
 */
final class HourRing {

    static final int HOURS = 7 * 24;
    private static final int DAY_HOURS = 24;
    private static final long HOUR_MILLIS = 3_600_000L;

    private final char[] activeSeconds = new char[HOURS];
    private final long[] present = new long[(HOURS + 63) / 64];
    /** Presence per hour of the day (UTC) over the ring: how many of its (at most 7) hours are marked. */
    private final byte[] presentByHourOfDay = new byte[DAY_HOURS];
    private long headHour = Long.MIN_VALUE;
    // Running totals over the ring as of headHour, kept in step by addActive/markPresent/advance.
    private int weekSeconds;
    private int daySeconds;
    private byte distinctHours;

    static long hourOf(long millis) {
        return Math.floorDiv(millis, HOUR_MILLIS);
    }

    /** Marks the hour of {@code millis} as one the account was seen in. */
    void markPresent(long millis) {
        long hour = hourOf(millis);
        if (advance(hour)) {
            int slot = slot(hour);
            long bit = 1L << (slot & 63);
            if ((present[slot >> 6] & bit) == 0) {
                present[slot >> 6] |= bit;
                int hod = hourOfDay(hour);
                if (presentByHourOfDay[hod]++ == 0) {
                    distinctHours++;
                }
            }
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
                int before = activeSeconds[slot];
                int after = Math.min(before + (int) ((end - start + 500) / 1000), 3600);
                activeSeconds[slot] = (char) after;
                weekSeconds += after - before;
                if (hour > headHour - DAY_HOURS) {
                    daySeconds += after - before;
                }
            }
            start = end;
        }
    }

    /** Active time, in milliseconds, in the {@code hours} buckets ending with the hour of {@code nowMillis}. */
    long activeMillis(long nowMillis, int hours) {
        long nowHour = hourOf(nowMillis);
        if (nowHour == headHour && (hours == DAY_HOURS || hours >= HOURS)) {
            return (hours == DAY_HOURS ? daySeconds : weekSeconds) * 1000L; // the running totals
        }
        return scanActiveMillis(nowHour, hours);
    }

    /** {@link #activeMillis} by summing the buckets: the reference the running totals must agree with. */
    long scanActiveMillis(long nowHour, int hours) {
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
        long nowHour = hourOf(nowMillis);
        if (nowHour == headHour) {
            return distinctHours; // the running count
        }
        return scanDistinctHoursOfDay(nowHour);
    }

    /** {@link #distinctHoursOfDay} by scanning the presence bits: the reference for the running count. */
    int scanDistinctHoursOfDay(long nowHour) {
        int mask = 0;
        for (long h = nowHour - HOURS + 1; h <= nowHour; h++) {
            int slot;
            if (inRange(h) && (present[(slot = slot(h)) >> 6] & (1L << (slot & 63))) != 0) {
                mask |= 1 << hourOfDay(h);
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
            // Hours leaving the 24-hour window (most still in the week) leave the day total first.
            if (hour - headHour >= DAY_HOURS) {
                daySeconds = 0;
            } else {
                for (long h = headHour - DAY_HOURS + 1; h <= hour - DAY_HOURS; h++) {
                    daySeconds -= activeSeconds[slot(h)];
                }
            }
            long steps = Math.min(hour - headHour, HOURS);
            for (long h = hour - steps + 1; h <= hour; h++) {
                // h enters the ring in place of h - HOURS: take the old bucket out of the totals.
                int slot = slot(h);
                weekSeconds -= activeSeconds[slot];
                activeSeconds[slot] = 0;
                long bit = 1L << (slot & 63);
                if ((present[slot >> 6] & bit) != 0) {
                    present[slot >> 6] &= ~bit;
                    if (--presentByHourOfDay[hourOfDay(h)] == 0) {
                        distinctHours--;
                    }
                }
            }
            headHour = hour;
            return true;
        }
        return hour > headHour - HOURS;
    }

    long headHour() {
        return headHour;
    }

    private boolean inRange(long hour) {
        return headHour != Long.MIN_VALUE && hour <= headHour && hour > headHour - HOURS;
    }

    private static int hourOfDay(long hour) {
        return (int) Math.floorMod(hour, (long) DAY_HOURS);
    }

    private static int slot(long hour) {
        return (int) Math.floorMod(hour, (long) HOURS);
    }
}
