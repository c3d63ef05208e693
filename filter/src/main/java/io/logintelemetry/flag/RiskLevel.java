package io.logintelemetry.flag;

import java.util.Locale;

/** An account's level, derived from its score by the configured thresholds. */
public enum RiskLevel {
    LOW,
    MEDIUM,
    HIGH;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    public String wireName() {
        return wireName;
    }
}
