package io.logintelemetry.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An account's activity over the last 7 days: active time and presence per hour, and who worked each
 * 8-hour shift (00-08, 08-16, 16-24 UTC). Fixed size whatever the traffic. Not thread-safe: the owner
 * synchronises.
 *
 * <h2>Hours</h2>
 * 168 one-byte buckets of active time in units of 15 s (an hour holds at most 240), plus a 168-bit
 * presence mask. Active time below a unit is carried over to the next interval added, so the sums
 * lose less than 15 s in all, never per request. Sums over "the last 24 hours" cover whole buckets up
 * to the current one, so they may miss up to an hour at the far edge of the window, never count time
 * outside it. The detectors ask for the day and week totals and the distinct hours of the day on
 * every event, always as of the head hour; running totals (and an OR of the presence mask's seven
 * days) answer those in O(1) instead of scanning 168 buckets. Any other "now" falls back to the scan.
 *
 * <h2>Shifts</h2>
 * For every block of the 21 in the week, the user agent family and device first seen in it, and
 * whether another one showed up in the same block. An unknown part (a request without a user agent,
 * the first request before the device cookie exists) matches anything rather than counting as a
 * different context: one such request must not make a shift look mixed. Blocks follow from one head
 * block, which blocks were worked and which were mixed are bit masks, a family is a one-byte code
 * (about a hundred families, see {@link #familyCode}), and the device slots are created with the
 * first device id.
 *
 * <h2>Why {@link AccountState} extends this class</h2>
 * Every event updates the hour and the shift of its account. Held in objects of their own (as they
 * once were, {@code HourRing} and {@code ShiftRing}, each with an array), that was four dependent
 * cache misses per event beyond the account itself at 100,000 accounts. As the account's superclass,
 * the fields are the account's own, and the hour buckets and the block families share one array,
 * interleaved so that an hour's bucket and its block's family lie side by side (one cache line): per
 * block of 8 hours, the family byte and then the 8 hour bytes. This works because the ring's 168 hours
 * are exactly its 21 blocks of 8: hour slot {@code r} belongs to block slot {@code r / 8}. The current
 * hour's bucket and the current block's family are fields until the head moves on, so most events do
 * not touch the array at all. The binary form (StateCodec) is the one the separate rings wrote, so
 * snapshots are unaffected.
 *
 * <p>It extends {@link SessionState} for the same reason {@link AccountState} extends it: the account's
 * current session lives in the account's own fields (see "Carried sessions" there). Nothing here uses
 * that part.
 */
class ActivityRing extends SessionState {

    static final int HOURS = 7 * 24;
    private static final int DAY_HOURS = 24;
    private static final long HOUR_MILLIS = 3_600_000L;
    /** Unit of the buckets: 15 s, so a full hour (240 units) fits an unsigned byte. */
    private static final int UNIT_MILLIS = 15_000;
    private static final int UNITS_PER_HOUR = (int) (HOUR_MILLIS / UNIT_MILLIS);

    static final int SHIFTS_PER_DAY = 3;
    private static final int SLOTS = 7 * SHIFTS_PER_DAY;
    private static final int HOURS_PER_BLOCK = 8;
    private static final long BLOCK_MILLIS = HOURS_PER_BLOCK * HOUR_MILLIS;
    /** Cells per block in {@link #cells}: the family, then the block's 8 hours. */
    private static final int BLOCK_CELLS = 1 + HOURS_PER_BLOCK;
    private static final int EMPTY = Integer.MIN_VALUE;

    /** Family name to code (1-255; 0 is "unknown"), shared by all rings. */
    private static final ConcurrentHashMap<String, Integer> FAMILY_CODES = new ConcurrentHashMap<>();
    private static final String[] FAMILY_NAMES = new String[256];

    /** Per block slot {@code s}: {@code [s * 9]} the family code, {@code [s * 9 + 1 + k]} the units of hour slot {@code 8s + k}. */
    private final byte[] cells = new byte[SLOTS * BLOCK_CELLS];
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
    /** The latest block number (epoch ms / 8 h: fits an int until the year 3000); slot i holds the block = i mod 21 up to it. */
    private int headBlock = EMPTY;
    /** Bit per block slot: the block was worked. */
    private int worked;
    /** Bit per block slot: the block saw more than one context. */
    private int mixed;
    private String[] device;
    /**
     * The head hour's active units and the head block's family, kept here rather than in their cells
     * (which are stale while they are the head) and written back when the head moves on: nearly every
     * event adds to the current hour and block, and so touches only fields of the account, not the
     * array, which costs a cache miss of its own at 100,000 accounts. Slots are -1 before any head.
     */
    private int headUnits;
    private int headHourSlot = -1;
    private int headFamily;
    private int headBlockSlot = -1;

    // ---- hours ----

    static long hourOf(long millis) {
        return Math.floorDiv(millis, HOUR_MILLIS);
    }

    private static int hourCell(int slot) {
        return slot + slot / HOURS_PER_BLOCK + 1;
    }

    private static int familyCell(int blockSlot) {
        return blockSlot * BLOCK_CELLS;
    }

    /** Marks the hour of {@code millis} as one the account was seen in. */
    final void markPresent(long millis) {
        long hour = hourOf(millis);
        if (advance(hour)) {
            int slot = slot(hour);
            setPresent(slot >> 6, present(slot >> 6) | 1L << (slot & 63));
        }
    }

    /** Adds the active interval {@code [from, to)} to the buckets it spans. */
    final void addActive(long from, long to) {
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
                setUnits(slot, after);
                weekUnits += after - before;
                if (hour > headHour - DAY_HOURS) {
                    dayUnits += after - before;
                }
            }
            start = end;
        }
    }

    /** Active time, in milliseconds, in the {@code hours} buckets ending with the hour of {@code nowMillis}. */
    final long activeMillis(long nowMillis, int hours) {
        long nowHour = hourOf(nowMillis);
        if (nowHour == headHour && (hours == DAY_HOURS || hours >= HOURS)) {
            return (long) (hours == DAY_HOURS ? dayUnits : weekUnits) * UNIT_MILLIS; // the running totals
        }
        return scanActiveMillis(nowHour, hours);
    }

    /** {@link #activeMillis} by summing the buckets: the reference the running totals must agree with. */
    final long scanActiveMillis(long nowHour, int hours) {
        long total = 0;
        for (long h = nowHour - Math.min(hours, HOURS) + 1; h <= nowHour; h++) {
            if (inRange(h)) {
                total += units(slot(h));
            }
        }
        return total * UNIT_MILLIS;
    }

    /** The distinct hours of the day (UTC, 0-23) in which the account was seen over the last 7 days. */
    final int distinctHoursOfDay(long nowMillis) {
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
    final int scanDistinctHoursOfDay(long nowHour) {
        int mask = 0;
        for (long h = nowHour - HOURS + 1; h <= nowHour; h++) {
            int slot;
            if (inRange(h) && (present((slot = slot(h)) >> 6) & (1L << (slot & 63))) != 0) {
                mask |= 1 << (int) Math.floorMod(h, (long) DAY_HOURS);
            }
        }
        return Integer.bitCount(mask);
    }

    final long headHour() {
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
            headHourSlot = slot(hour);
            headUnits = cellUnits(headHourSlot);
            return true;
        }
        if (hour > headHour) {
            cells[hourCell(headHourSlot)] = (byte) headUnits; // the cells hold every hour while the head moves
            // Hours leaving the 24-hour window (most still in the week) leave the day total first.
            if (hour - headHour >= DAY_HOURS) {
                dayUnits = 0;
            } else {
                for (long h = headHour - DAY_HOURS + 1; h <= hour - DAY_HOURS; h++) {
                    dayUnits -= cellUnits(slot(h));
                }
            }
            long steps = Math.min(hour - headHour, HOURS);
            for (long h = hour - steps + 1; h <= hour; h++) {
                // h enters the ring in place of h - HOURS: take the old bucket out of the week total.
                int slot = slot(h);
                weekUnits -= cellUnits(slot);
                cells[hourCell(slot)] = 0;
                setPresent(slot >> 6, present(slot >> 6) & ~(1L << (slot & 63)));
            }
            headHour = hour;
            headHourSlot = slot(hour);
            headUnits = 0; // cleared above: the new head entered the ring
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
        return slot == headHourSlot ? headUnits : cellUnits(slot);
    }

    private void setUnits(int slot, int units) {
        if (slot == headHourSlot) {
            headUnits = units;
        } else {
            cells[hourCell(slot)] = (byte) units;
        }
    }

    private int cellUnits(int slot) {
        return cells[hourCell(slot)] & 0xFF;
    }

    private boolean inRange(long hour) {
        return headHour != Long.MIN_VALUE && hour <= headHour && hour > headHour - HOURS;
    }

    private static int slot(long hour) {
        return (int) Math.floorMod(hour, (long) HOURS);
    }

    // ---- shifts ----

    /** Whether any shift was recorded (the ring's shift part exists in the binary form). */
    final boolean hasShifts() {
        return headBlock != EMPTY;
    }

    final void recordShift(long millis, String uaFamily, String deviceId) {
        int b = (int) Math.floorDiv(millis, BLOCK_MILLIS);
        if (headBlock == EMPTY || b > headBlock) {
            advanceBlock(b);
        } else if (b <= headBlock - SLOTS) {
            return; // older than the week the ring holds
        }
        int slot = Math.floorMod(b, SLOTS);
        int bit = 1 << slot;
        if (deviceId != null && device == null) {
            device = new String[SLOTS];
        }
        if ((worked & bit) == 0) {
            worked |= bit;
            setFamily(slot, familyCode(uaFamily));
            if (device != null) {
                device[slot] = deviceId;
            }
            return;
        }
        int code = familyCode(uaFamily);
        int known = family(slot);
        if (known == 0) {
            setFamily(slot, code);
        } else if (code != 0 && code != known) {
            mixed |= bit;
        }
        if (device != null) {
            if (device[slot] == null) {
                device[slot] = deviceId;
            } else if (deviceId != null && !device[slot].equals(deviceId)) {
                mixed |= bit;
            }
        }
    }

    /** Moves the head to block {@code b}, clearing the slots of the blocks it passes. */
    private void advanceBlock(int b) {
        if (headBlockSlot >= 0) {
            cells[familyCell(headBlockSlot)] = (byte) headFamily; // the cells hold every block while the head moves
        }
        int steps = headBlock == EMPTY ? SLOTS : (int) Math.min((long) b - headBlock, SLOTS);
        for (int k = b - steps + 1; k <= b; k++) {
            int slot = Math.floorMod(k, SLOTS);
            worked &= ~(1 << slot);
            mixed &= ~(1 << slot);
            cells[familyCell(slot)] = 0;
            if (device != null) {
                device[slot] = null;
            }
        }
        headBlock = b;
        headBlockSlot = Math.floorMod(b, SLOTS);
        headFamily = 0; // cleared above
    }

    private int family(int slot) {
        return slot == headBlockSlot ? headFamily : cells[familyCell(slot)] & 0xFF;
    }

    private void setFamily(int slot, int code) {
        if (slot == headBlockSlot) {
            headFamily = code;
        } else {
            cells[familyCell(slot)] = (byte) code;
        }
    }

    /** The block slot {@code i} holds, if worked: the one congruent to it within the ring. */
    private long blockOf(int i) {
        return headBlock - Math.floorMod(headBlock - i, SLOTS);
    }

    /**
     * Whether each of the three shifts was worked on at least {@code minDays} days in the 7 days
     * ending at {@code nowMillis}, every block from a single context. The round-the-clock rule's
     * cheap first test, run on every event without allocating; {@link #shiftSummaries} only when it holds.
     */
    final boolean allShiftsConsistent(long nowMillis, int minDays) {
        if (headBlock == EMPTY || Integer.bitCount(worked) < SHIFTS_PER_DAY * minDays) {
            return false; // too few blocks worked in all, whatever their shifts: the common case, decided at once
        }
        long nowBlock = Math.floorDiv(nowMillis, BLOCK_MILLIS);
        int d0 = 0;
        int d1 = 0;
        int d2 = 0;
        for (int i = 0; i < SLOTS; i++) {
            long b = blockOf(i);
            if ((worked & (1 << i)) == 0 || b > nowBlock || b <= nowBlock - SLOTS) {
                continue;
            }
            if ((mixed & (1 << i)) != 0) {
                return false;
            }
            int s = (int) Math.floorMod(b, (long) SHIFTS_PER_DAY);
            if (s == 0) {
                d0++;
            } else if (s == 1) {
                d1++;
            } else {
                d2++;
            }
        }
        return d0 >= minDays && d1 >= minDays && d2 >= minDays;
    }

    /** The three shifts of the day as worked in the 7 days ending at {@code nowMillis}; empty before any shift. */
    final List<ShiftSummary> shiftSummaries(long nowMillis) {
        if (headBlock == EMPTY) {
            return List.of();
        }
        long nowBlock = Math.floorDiv(nowMillis, BLOCK_MILLIS);
        List<ShiftSummary> result = new ArrayList<>(SHIFTS_PER_DAY);
        for (int s = 0; s < SHIFTS_PER_DAY; s++) {
            int days = 0;
            boolean consistent = true;
            Set<String> contexts = new LinkedHashSet<>();
            for (int i = 0; i < SLOTS; i++) {
                long b = blockOf(i);
                if ((worked & (1 << i)) == 0 || b > nowBlock || b <= nowBlock - SLOTS
                        || Math.floorMod(b, (long) SHIFTS_PER_DAY) != s) {
                    continue;
                }
                days++;
                consistent &= (mixed & (1 << i)) == 0;
                contexts.add(describe(FAMILY_NAMES[family(i)], device == null ? null : device[i]));
            }
            result.add(new ShiftSummary(s, days, consistent, List.copyOf(contexts)));
        }
        return result;
    }

    private static String describe(String uaFamily, String deviceId) {
        return (uaFamily == null ? "unknown agent" : uaFamily) + (deviceId == null ? "" : " / device " + deviceId);
    }

    /**
     * The one-byte code of a family name, 0 for none. Families come from
     * {@code UserAgentFamily} (about a hundred names), so 255 codes are plenty; should there ever be
     * more, the extra ones share the last code.
     */
    static int familyCode(String uaFamily) {
        if (uaFamily == null) {
            return 0;
        }
        Integer code = FAMILY_CODES.get(uaFamily);
        return code != null ? code : newFamilyCode(uaFamily);
    }

    private static synchronized int newFamilyCode(String uaFamily) {
        Integer code = FAMILY_CODES.get(uaFamily);
        if (code != null) {
            return code;
        }
        int next = FAMILY_CODES.size() + 1;
        if (next > 255) {
            return 255;
        }
        FAMILY_NAMES[next] = uaFamily;
        FAMILY_CODES.put(uaFamily, next);
        return next;
    }

    // ---- binary form (StateCodec); the owner holds its monitor. The layout of the former HourRing and ShiftRing. ----

    final void writeHours(DataOutput out) throws IOException {
        for (int slot = 0; slot < HOURS; slot++) {
            out.writeByte(units(slot));
        }
        out.writeLong(present0);
        out.writeLong(present1);
        out.writeLong(present2);
        out.writeLong(headHour);
        out.writeInt(weekUnits);
        out.writeInt(dayUnits);
        out.writeInt(carryMillis);
    }

    final void readHours(DataInput in) throws IOException {
        byte[] units = new byte[HOURS];
        in.readFully(units);
        for (int slot = 0; slot < HOURS; slot++) {
            cells[hourCell(slot)] = units[slot];
        }
        present0 = in.readLong();
        present1 = in.readLong();
        present2 = in.readLong();
        headHour = in.readLong();
        weekUnits = in.readInt();
        dayUnits = in.readInt();
        carryMillis = in.readInt();
        headHourSlot = headHour == Long.MIN_VALUE ? -1 : slot(headHour);
        headUnits = headHourSlot < 0 ? 0 : cellUnits(headHourSlot);
        StateCodec.check(weekUnits >= 0 && dayUnits >= 0 && carryMillis >= 0 && carryMillis < UNIT_MILLIS,
                "activity totals");
    }

    /** The shift part; write it only when {@link #hasShifts()}. */
    final void writeShifts(DataOutput out) throws IOException {
        out.writeInt(headBlock);
        out.writeInt(worked);
        out.writeInt(mixed);
        // Families by name: the codes are numbered per JVM in the order families show up.
        for (int i = 0; i < SLOTS; i++) {
            StateCodec.writeString(out, FAMILY_NAMES[family(i)]);
        }
        out.writeBoolean(device != null);
        if (device != null) {
            for (int i = 0; i < SLOTS; i++) {
                StateCodec.writeString(out, device[i]);
            }
        }
    }

    final void readShifts(DataInput in) throws IOException {
        headBlock = in.readInt();
        worked = in.readInt();
        mixed = in.readInt();
        for (int i = 0; i < SLOTS; i++) {
            cells[familyCell(i)] = (byte) familyCode(StateCodec.readString(in));
        }
        headBlockSlot = headBlock == EMPTY ? -1 : Math.floorMod(headBlock, SLOTS);
        headFamily = headBlockSlot < 0 ? 0 : cells[familyCell(headBlockSlot)] & 0xFF;
        if (in.readBoolean()) {
            device = new String[SLOTS];
            for (int i = 0; i < SLOTS; i++) {
                device[i] = StateCodec.readString(in);
            }
        } else {
            device = null;
        }
    }
}
