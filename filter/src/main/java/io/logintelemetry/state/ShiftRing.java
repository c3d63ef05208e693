package io.logintelemetry.state;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Who worked each 8-hour shift of the last 7 days: for every block of the day (00-08, 08-16, 16-24
 * UTC) the user agent family and device first seen in it, and whether another one showed up in the
 * same block. 21 small slots, whatever the traffic. Not thread-safe: the owner synchronises.
 */
final class ShiftRing {

    static final int SHIFTS_PER_DAY = 3;
    private static final int SLOTS = 7 * SHIFTS_PER_DAY;
    private static final long BLOCK_MILLIS = 8 * 3_600_000L;

    private final long[] block = new long[SLOTS];
    private final String[] family = new String[SLOTS];
    private final String[] device = new String[SLOTS];
    private final boolean[] mixed = new boolean[SLOTS];

    ShiftRing() {
        java.util.Arrays.fill(block, Long.MIN_VALUE);
    }

    void record(long millis, String uaFamily, String deviceId) {
        long b = Math.floorDiv(millis, BLOCK_MILLIS);
        int slot = (int) Math.floorMod(b, (long) SLOTS);
        if (block[slot] < b) {
            block[slot] = b;
            family[slot] = uaFamily;
            device[slot] = deviceId;
            mixed[slot] = false;
        } else if (block[slot] == b && !(Objects.equals(family[slot], uaFamily) && Objects.equals(device[slot], deviceId))) {
            mixed[slot] = true;
        }
    }

    /**
     * The contexts seen per shift of the day over the 7 days ending at {@code nowMillis}: for each of
     * the three shifts, the days it was worked, and the distinct contexts; null for a shift in
     * which a block saw more than one context (the shift did not keep its own context).
     */
    List<ShiftSummary> shifts(long nowMillis) {
        long nowBlock = Math.floorDiv(nowMillis, BLOCK_MILLIS);
        List<ShiftSummary> result = new ArrayList<>(SHIFTS_PER_DAY);
        for (int s = 0; s < SHIFTS_PER_DAY; s++) {
            int days = 0;
            boolean consistent = true;
            Set<String> contexts = new LinkedHashSet<>();
            for (int i = 0; i < SLOTS; i++) {
                long b = block[i];
                if (b == Long.MIN_VALUE || b > nowBlock || b <= nowBlock - SLOTS || Math.floorMod(b, (long) SHIFTS_PER_DAY) != s) {
                    continue;
                }
                days++;
                consistent &= !mixed[i];
                contexts.add(describe(family[i], device[i]));
            }
            result.add(new ShiftSummary(s, days, consistent, List.copyOf(contexts)));
        }
        return result;
    }

    private static String describe(String uaFamily, String deviceId) {
        return (uaFamily == null ? "unknown agent" : uaFamily) + (deviceId == null ? "" : " / device " + deviceId);
    }
}
