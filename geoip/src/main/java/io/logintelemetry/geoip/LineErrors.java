package io.logintelemetry.geoip;

import java.util.ArrayList;
import java.util.List;

/**
 * Bad lines met while reading text files: all counted, the first few kept with file and line, so the
 * load log says once what was wrong and where without printing a million lines of a broken file.
 */
final class LineErrors {

    private static final int KEPT = 5;

    private final List<String> samples = new ArrayList<>(KEPT);
    private long count;

    void add(String file, long line, String reason) {
        count++;
        if (samples.size() < KEPT) {
            samples.add(file + ":" + line + " " + reason);
        }
    }

    long count() {
        return count;
    }

    /** "" or " (3 bad lines skipped: a.csv:4 bad start address "x"; ...)". */
    String describe() {
        if (count == 0) {
            return "";
        }
        return " (" + count + " bad line" + (count == 1 ? "" : "s") + " skipped: " + String.join("; ", samples)
                + (count > samples.size() ? "; ..." : "") + ")";
    }
}
