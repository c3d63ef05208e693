package io.logintelemetry.detect;

import io.logintelemetry.flag.Severity;
import java.time.Instant;
import java.util.List;

/** Small helpers the detectors share to word their summaries the same way. */
final class Wording {

    private static final long MINUTE = 60_000L;
    private static final long HOUR = 3_600_000L;

    private Wording() {
    }

    /** "38 min", "13 h", "13 h 20 min", "7 days". */
    static String duration(long millis) {
        long minutes = Math.round(millis / (double) MINUTE);
        if (minutes < 60) {
            return minutes + " min";
        }
        if (minutes % (24 * 60) == 0) {
            long days = minutes / (24 * 60);
            return days == 1 ? "24 h" : days + " days";
        }
        long h = minutes / 60;
        long m = minutes % 60;
        return m == 0 ? h + " h" : h + " h " + m + " min";
    }

    static long minutes(long millis) {
        return Math.round(millis / (double) MINUTE);
    }

    static long hours(long millis) {
        return millis / HOUR;
    }

    static String instant(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    /** "AS64500 Example Org, JP" (what is known of a network), else {@code fallback}. */
    static String place(io.logintelemetry.intel.IpInfo info, String fallback) {
        String asn = info.asnLabel();
        if (asn == null && info.country() == null) {
            return fallback;
        }
        return asn == null ? info.country() : info.country() == null ? asn : asn + ", " + info.country();
    }

    /** One step above the configured severity once the evidence reaches twice the limit. */
    static Severity severity(Severity base, double value, double limit) {
        return value >= 2 * limit ? base.raised() : base;
    }

    /**
     * A keyed hash as evidence shows it: its first 10 characters ({@code k:} and 48 bits), enough for
     * an analyst to match flags about one document or payout account, and no more of it.
     */
    static String shortHash(String hash) {
        return hash == null ? null : hash.length() <= 10 ? hash : hash.substring(0, 10);
    }

    /** "a, b and c". */
    static String and(List<String> parts) {
        if (parts.size() <= 1) {
            return parts.isEmpty() ? "" : parts.get(0);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }
}
