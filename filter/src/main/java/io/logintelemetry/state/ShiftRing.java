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
 * Who worked each 8-hour shift of the last 7 days: for every block of the day (00-08, 08-16, 16-24
 * UTC) the user agent family and device first seen in it, and whether another one showed up in the
 * same block. 21 small slots, whatever the traffic. Not thread-safe: the owner synchronises.
 *
 * <p>An unknown part (a request without a user agent, the first request before the device cookie
 * exists) matches anything rather than counting as a different context: one such request must not
 * make a shift look mixed. The device slots are created with the first device id.
 *
 * <p>Compact, since every account has one: the slots' blocks follow from one head block (as in
 * {@link HourRing}), which slots were worked and which were mixed are bit masks, and a family is a
 * one-byte code (there are about a hundred families, see {@link #familyCode}).
 */
final class ShiftRing {

    static final int SHIFTS_PER_DAY = 3;
    private static final int SLOTS = 7 * SHIFTS_PER_DAY;
    private static final long BLOCK_MILLIS = 8 * 3_600_000L;
    private static final int EMPTY = Integer.MIN_VALUE;

    /** Family name to code (1-255; 0 is "unknown"), shared by all rings. */
    private static final ConcurrentHashMap<String, Integer> FAMILY_CODES = new ConcurrentHashMap<>();
    private static final String[] FAMILY_NAMES = new String[256];

    /** The latest block number (epoch ms / 8 h: fits an int until the year 3000); slot i holds the block = i mod 21 up to it. */
    private int headBlock = EMPTY;
    /** Bit per slot: the block was worked. */
    private int worked;
    /** Bit per slot: the block saw more than one context. */
    private int mixed;
    private final byte[] family = new byte[SLOTS];
    private String[] device;

    void record(long millis, String uaFamily, String deviceId) {
        int b = (int) Math.floorDiv(millis, BLOCK_MILLIS);
        if (headBlock == EMPTY || b > headBlock) {
            advance(b);
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
            family[slot] = (byte) familyCode(uaFamily);
            if (device != null) {
                device[slot] = deviceId;
            }
            return;
        }
        int code = familyCode(uaFamily);
        if (family[slot] == 0) {
            family[slot] = (byte) code;
        } else if (code != 0 && code != (family[slot] & 0xFF)) {
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
    private void advance(int b) {
        int steps = headBlock == EMPTY ? SLOTS : (int) Math.min((long) b - headBlock, SLOTS);
        for (int k = b - steps + 1; k <= b; k++) {
            int slot = Math.floorMod(k, SLOTS);
            worked &= ~(1 << slot);
            mixed &= ~(1 << slot);
            family[slot] = 0;
            if (device != null) {
                device[slot] = null;
            }
        }
        headBlock = b;
    }

    /** The block slot {@code i} holds, if worked: the one congruent to it within the ring. */
    private long blockOf(int i) {
        return headBlock - Math.floorMod(headBlock - i, SLOTS);
    }

    /**
     * Whether each of the three shifts was worked on at least {@code minDays} days in the 7 days
     * ending at {@code nowMillis}, every block from a single context. The round-the-clock rule's
     * cheap first test, run on every event without allocating; {@link #shifts} only when it holds.
     */
    boolean allShiftsConsistent(long nowMillis, int minDays) {
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

    /** The three shifts of the day as worked in the 7 days ending at {@code nowMillis}. */
    List<ShiftSummary> shifts(long nowMillis) {
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
                contexts.add(describe(FAMILY_NAMES[family[i] & 0xFF], device == null ? null : device[i]));
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

    // ---- binary form (StateCodec); the owner holds its monitor ----

    void write(DataOutput out) throws IOException {
        out.writeInt(headBlock);
        out.writeInt(worked);
        out.writeInt(mixed);
        // Families by name: the codes are numbered per JVM in the order families show up.
        for (int i = 0; i < SLOTS; i++) {
            StateCodec.writeString(out, FAMILY_NAMES[family[i] & 0xFF]);
        }
        out.writeBoolean(device != null);
        if (device != null) {
            for (int i = 0; i < SLOTS; i++) {
                StateCodec.writeString(out, device[i]);
            }
        }
    }

    static ShiftRing read(DataInput in) throws IOException {
        ShiftRing ring = new ShiftRing();
        ring.headBlock = in.readInt();
        ring.worked = in.readInt();
        ring.mixed = in.readInt();
        for (int i = 0; i < SLOTS; i++) {
            ring.family[i] = (byte) familyCode(StateCodec.readString(in));
        }
        if (in.readBoolean()) {
            ring.device = new String[SLOTS];
            for (int i = 0; i < SLOTS; i++) {
                ring.device[i] = StateCodec.readString(in);
            }
        }
        return ring;
    }
}
