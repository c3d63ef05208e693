package io.logintelemetry.event;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.util.Locale;

/** The file formats of EVENTS.md, each possibly gzip-compressed. */
public enum InputFormat {
    JSON_LINES,
    CSV;

    private static final int SNIFF_BYTES = 4096;

    /** The format a file name announces ({@code .jsonl}, {@code .ndjson}, {@code .json}, {@code .csv}, each optionally {@code .gz}), or null. */
    public static InputFormat fromFileName(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".gz")) {
            name = name.substring(0, name.length() - 3);
        }
        if (name.endsWith(".csv")) {
            return CSV;
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
            return JSON_LINES;
        }
        return null;
    }

    /**
     * Guesses from the content when the name says nothing: JSON Lines start with an object, CSV
     * with its header. Leaves the stream where it was.
     */
    static InputFormat sniff(BufferedInputStream in) throws IOException {
        in.mark(SNIFF_BYTES);
        try {
            for (int i = 0; i < SNIFF_BYTES; i++) {
                int b = in.read();
                if (b < 0) {
                    return JSON_LINES;
                }
                // Skip whitespace and a UTF-8 byte order mark.
                if (b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == 0xEF || b == 0xBB || b == 0xBF) {
                    continue;
                }
                return b == '{' ? JSON_LINES : CSV;
            }
            return CSV;
        } finally {
            in.reset();
        }
    }
}
