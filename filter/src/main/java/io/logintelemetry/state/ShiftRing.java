package io.logintelemetry.state;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Who worked each 8-hour shift of the last 7 days: for every block of the day (00-08, 08-16, 16-24
 * UTC) the user agent family and device first seen in it, and whether another one showed up in the
 * same block. 21 small slots, whatever the traffic. Not thread-safe: the owner synchronises.
 *
 * <p>An unknown part (a request without a user agent, the first request before the device cookie
 * exists) matches anything rather than counting as a different context: one such request must not
 * make a shift look mixed. Family names are shared constants, so the slots hold references only;
 * the device slots are created with the first device id.
 */
final class ShiftRing {

    static final int SHIFTS_PER_DAY = 3;
    private static final int SLOTS = 7 * SHIFTS_PER_DAY;
    private static final long BLOCK_MILLIS = 8 * 3_600_000L;
    private static final int EMPTY = Integer.MIN_VALUE;

    /** Block number (epoch ms / 8 h: fits an int until the year 3000) held by each slot. */
    private final int[] block = new int[SLOTS];
    private final String[] family = new String[SLOTS];
    private String[] device;
    /** Bit per slot: the block saw more than one context. */
    private int mixed;

    ShiftRing() {
        java.util.Arrays.fill(block, EMPTY);
    }

    void record(long millis, String uaFamily, String deviceId) {
        int b = (int) Math.floorDiv(millis, BLOCK_MILLIS);
        int slot = Math.floorMod(b, SLOTS);
        if (deviceId != null && device == null) {
            device = new String[SLOTS];
        }
        if (block[slot] == EMPTY || block[slot] < b) {
            block[slot] = b;
            family[slot] = uaFamily;
            if (device != null) {
                device[slot] = deviceId;
            }
            mixed &= ~(1 << slot);
            return;
        }
        if (block[slot] != b) {
            return; // older than the block the slot holds now
        }
        family[slot] = merge(family[slot], uaFamily, slot);
        if (device != null) {
            device[slot] = merge(device[slot], deviceId, slot);
        }
    }

    /** The known value of a slot's part after seeing {@code seen}; marks the slot mixed on a conflict. */
    private String merge(String kept, String seen, int slot) {
        if (kept == null) {
            return seen;
        }
        if (seen != null && !kept.equals(seen)) {
            mixed |= 1 << slot;
        }
        return kept;
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
            long b = block[i];
            if (b == EMPTY || b > nowBlock || b <= nowBlock - SLOTS) {
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
                long b = block[i];
                if (b == EMPTY || b > nowBlock || b <= nowBlock - SLOTS || Math.floorMod(b, (long) SHIFTS_PER_DAY) != s) {
                    continue;
                }
                days++;
                consistent &= (mixed & (1 << i)) == 0;
                contexts.add(describe(family[i], device == null ? null : device[i]));
            }
            result.add(new ShiftSummary(s, days, consistent, List.copyOf(contexts)));
        }
        return result;
    }

    private static String describe(String uaFamily, String deviceId) {
        return (uaFamily == null ? "unknown agent" : uaFamily) + (deviceId == null ? "" : " / device " + deviceId);
    }
}
