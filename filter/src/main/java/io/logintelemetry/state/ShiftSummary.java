package io.logintelemetry.state;

import java.util.List;

/**
 * One shift of the day over the last 7 days, as the round-the-clock detector sees it.
 *
 * @param index      0 for 00-08 UTC, 1 for 08-16, 2 for 16-24
 * @param days       on how many of the 7 days it was worked
 * @param consistent whether each of those blocks saw a single user agent family and device
 * @param contexts   the distinct contexts, e.g. "Chrome on Windows / device d1"
 */
public record ShiftSummary(int index, int days, boolean consistent, List<String> contexts) {

    /** "08-16 UTC". */
    public String label() {
        return String.format("%02d-%02d UTC", index * 8, index * 8 + 8);
    }
}
