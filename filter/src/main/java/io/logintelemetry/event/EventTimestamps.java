package io.logintelemetry.event;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.OptionalLong;

/** Parses the {@code ts} field of EVENTS.md: an ISO-8601 instant (any offset) or epoch milliseconds. */
public final class EventTimestamps {

    // Epoch millis beyond ~year 5000 are far more likely a unit mistake (micro- or nanoseconds) than real.
    private static final int MAX_MILLIS_DIGITS = 14;

    private EventTimestamps() {
    }

    /** Epoch milliseconds, or empty when the text is neither form. */
    public static OptionalLong parse(String text) {
        if (text == null) {
            return OptionalLong.empty();
        }
        String s = text.trim();
        if (s.isEmpty()) {
            return OptionalLong.empty();
        }
        if (isEpochMillis(s)) {
            return OptionalLong.of(Long.parseLong(s));
        }
        try {
            // ISO_OFFSET_DATE_TIME takes both "Z" and "+09:00"; fractional seconds of any precision.
            return OptionalLong.of(OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli());
        } catch (DateTimeException | ArithmeticException e) {
            return OptionalLong.empty();
        }
    }

    private static boolean isEpochMillis(String s) {
        int start = s.charAt(0) == '-' ? 1 : 0;
        int digits = s.length() - start;
        if (digits == 0 || digits > MAX_MILLIS_DIGITS) {
            return false;
        }
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
