package io.logintelemetry.agent.scan;

/** Output formats of {@code scan --format}. */
public enum ScanFormat {
    /** JSON Lines per FLAGS.md, for tools. */
    JSONL,
    /** Aligned columns, for a person at a terminal. */
    TABLE
}
