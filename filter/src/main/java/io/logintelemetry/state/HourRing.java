package io.logintelemetry.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * An account's activity over the last 7 days in one-hour buckets: active time per hour, and
 * whether the account was seen in that hour at all.
 *
 * <p>168 one-byte buckets of active time in units of 15 s (an hour holds at most 240), plus a
 * 168-bit presence mask: about 250 bytes whatever the traffic, where a list of request times would
 * grow without bound. Active time below a unit is carried over to the next interval added, so the
 * sums lose less than 15 s in all, never per request. Sums over "the last 24 hours" cover whole
 * buckets up to the current one, so they may miss up to an hour at the far edge of the window,
 * never count time outside it. Not thread-safe: the owner synchronises.
 *
 * <p>The detectors ask for the day and week totals and the distinct hours of the day on every event,
 * always as of the head hour; running totals (and an OR of the presence mask's seven days) answer
 * those in O(1) instead of scanning 168 buckets. Any other "now" falls back to the scan.
 */
final class HourRing {

    static final int HOURS = 7 * 24;
    private static final int DAY_HOURS = 24;
    private static final long HOUR_MILLIS = 3_600_000L;
    /** Unit of the buckets: 15 s, so a full hour (240 units) fits an unsigned byte. */
    private static final int UNIT_MILLIS = 15_000;
    private static final int UNITS_PER_HOUR = (int) (HOUR_MILLIS / UNIT_MILLIS);

    private final byte[] activeUnits = new byte[HOURS];
    // The 168-bit presence mask as three fields rather than a long[3]: one object (and cache miss) less per account.
    private long present0;
    private long present1;
    private long present2;
    private long headHour = Long.MIN_VALUE;
    // Running totals over the ring as of headHour, in units, kept in step by addActive and advance.
    private int weekUnits;
    private int dayUnits;
    /** Active time added but short of a whole unit yet. */
    private int carryMillis;

    static long hourOf(long millis) {
        return Math.floorDiv(millis, HOUR_MILLIS);
    }

    /** Marks the hour of {@code millis} as one the account was seen in. */
    void markPresent(long millis) {
        long hour = hourOf(millis);
        if (advance(hour)) {
            int slot = slot(hour);
            setPresent(slot >> 6, present(slot >> 6) | 1L << (slot & 63));
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
                long millis = carryMillis + (end - start);
                carryMillis = (int) (millis % UNIT_MILLIS);
                int before = units(slot);
                int after = (int) Math.min(before + millis / UNIT_MILLIS, UNITS_PER_HOUR);
                activeUnits[slot] = (byte) after;
                weekUnits += after - before;
                if (hour > headHour - DAY_HOURS) {
                    dayUnits += after - before;
                }
            }
            start = end;
        }
    }

    /** Active time, in milliseconds, in the {@code hours} buckets ending with the hour of {@code nowMillis}. */
    long activeMillis(long nowMillis, int hours) {
        long nowHour = hourOf(nowMillis);
        if (nowHour == headHour && (hours == DAY_HOURS || hours >= HOURS)) {
            return (long) (hours == DAY_HOURS ? dayUnits : weekUnits) * UNIT_MILLIS; // the running totals
        }
        return scanActiveMillis(nowHour, hours);
    }

    /** {@link #activeMillis} by summing the buckets: the reference the running totals must agree with. */
    long scanActiveMillis(long nowHour, int hours) {
        long total = 0;
        for (long h = nowHour - Math.min(hours, HOURS) + 1; h <= nowHour; h++) {
            if (inRange(h)) {
                total += units(slot(h));
            }
        }
        return total * UNIT_MILLIS;
    }

    /** The distinct hours of the day (UTC, 0-23) in which the account was seen over the last 7 days. */
    int distinctHoursOfDay(long nowMillis) {
        long nowHour = hourOf(nowMillis);
        if (nowHour == headHour) {
            // The ring holds exactly the last 7 days, and slot mod 24 is the hour of the day (168 = 7 x 24):
            // OR the mask's seven 24-bit days together.
            int mask = 0;
            for (int day = 0; day < 7; day++) {
                mask |= bits24(day * DAY_HOURS);
            }
            return Integer.bitCount(mask);
        }
        return scanDistinctHoursOfDay(nowHour);
    }

    /** {@link #distinctHoursOfDay} by scanning the presence bits hour by hour: the reference. */
    int scanDistinctHoursOfDay(long nowHour) {
        int mask = 0;
        for (long h = nowHour - HOURS + 1; h <= nowHour; h++) {
            int slot;
            if (inRange(h) && (present((slot = slot(h)) >> 6) & (1L << (slot & 63))) != 0) {
                mask |= 1 << (int) Math.floorMod(h, (long) DAY_HOURS);
            }
        }
        return Integer.bitCount(mask);
    }

    long headHour() {
        return headHour;
    }

    /** The 24 presence bits of slots {@code from .. from + 23}. */
    private int bits24(int from) {
        int word = from >> 6;
        int shift = from & 63;
        long bits = present(word) >>> shift;
        if (shift > 64 - DAY_HOURS && word < 2) {
            bits |= present(word + 1) << (64 - shift);
        }
        return (int) (bits & 0xFF_FFFF);
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
                dayUnits = 0;
            } else {
                for (long h = headHour - DAY_HOURS + 1; h <= hour - DAY_HOURS; h++) {
                    dayUnits -= units(slot(h));
                }
            }
            long steps = Math.min(hour - headHour, HOURS);
            for (long h = hour - steps + 1; h <= hour; h++) {
                // h enters the ring in place of h - HOURS: take the old bucket out of the week total.
                int slot = slot(h);
                weekUnits -= units(slot);
                activeUnits[slot] = 0;
                setPresent(slot >> 6, present(slot >> 6) & ~(1L << (slot & 63)));
            }
            headHour = hour;
            return true;
        }
        return hour > headHour - HOURS;
    }

    private long present(int word) {
        return word == 0 ? present0 : word == 1 ? present1 : present2;
    }

    private void setPresent(int word, long bits) {
        if (word == 0) {
            present0 = bits;
        } else if (word == 1) {
            present1 = bits;
        } else {
            present2 = bits;
        }
    }

    private int units(int slot) {
        return activeUnits[slot] & 0xFF;
    }

    private boolean inRange(long hour) {
        return headHour != Long.MIN_VALUE && hour <= headHour && hour > headHour - HOURS;
    }

    private static int slot(long hour) {
        return (int) Math.floorMod(hour, (long) HOURS);
    }

    // ---- binary form (StateCodec); the owner holds its monitor ----

    void write(DataOutput out) throws IOException {
        out.write(activeUnits);
        out.writeLong(present0);
        out.writeLong(present1);
        out.writeLong(present2);
        out.writeLong(headHour);
        out.writeInt(weekUnits);
        out.writeInt(dayUnits);
        out.writeInt(carryMillis);
    }

    void read(DataInput in) throws IOException {
        in.readFully(activeUnits);
        present0 = in.readLong();
        present1 = in.readLong();
        present2 = in.readLong();
        headHour = in.readLong();
        weekUnits = in.readInt();
        dayUnits = in.readInt();
        carryMillis = in.readInt();
        StateCodec.check(weekUnits >= 0 && dayUnits >= 0 && carryMillis >= 0 && carryMillis < UNIT_MILLIS,
                "activity totals");
    }
}
