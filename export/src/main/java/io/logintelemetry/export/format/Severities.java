package io.logintelemetry.export.format;

import io.logintelemetry.flag.Severity;

/** Our severities on the scales of the formats (FLAGS.md). */
final class Severities {

    private Severities() {
    }

    /** CEF and LEEF: 3, 5, 8, 10. */
    static int cef(Severity s) {
        return switch (s) {
            case INFO -> 3;
            case LOW -> 5;
            case MEDIUM -> 8;
            case HIGH -> 10;
        };
    }

    /** ECS event.risk_score (0-100), on Elastic's low/medium/high bands. */
    static int riskScore(Severity s) {
        return switch (s) {
            case INFO -> 10;
            case LOW -> 21;
            case MEDIUM -> 47;
            case HIGH -> 73;
        };
    }
}
