package io.logintelemetry.agent.scan;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Counts malformed lines and keeps the first few, so the report shows where to look without growing. */
final class SkippedLines {

    /** One skipped line as reported. */
    record Skipped(String file, long line, String reason) {
    }

    private final int examplesKept;
    private final List<Skipped> examples = new ArrayList<>();
    private long count;

    SkippedLines(int examplesKept) {
        this.examplesKept = examplesKept;
    }

    void add(String file, long line, String reason) {
        count++;
        if (examples.size() < examplesKept) {
            examples.add(new Skipped(file, line, reason));
        }
    }

    long count() {
        return count;
    }

    List<Skipped> examples() {
        return Collections.unmodifiableList(examples);
    }
}
