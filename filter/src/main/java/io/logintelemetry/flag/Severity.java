package io.logintelemetry.flag;

import java.util.Locale;
import java.util.Optional;

/** How much a single flag weighs, from {@code info} (never scored) to {@code high}. */
public enum Severity {
    INFO(0.0),
    LOW(0.5),
    MEDIUM(1.0),
    HIGH(1.5);

    private final double scoreFactor;
    private final String wireName = name().toLowerCase(Locale.ROOT);

    Severity(double scoreFactor) {
        this.scoreFactor = scoreFactor;
    }

    /** The multiplier applied to the signal's weight when the account score is computed. */
    public double scoreFactor() {
        return scoreFactor;
    }

    public String wireName() {
        return wireName;
    }

    /** One step up, capped at {@code high}: used when the evidence is well past the limit. */
    public Severity raised() {
        return this == HIGH ? HIGH : values()[ordinal() + 1];
    }

    public static Optional<Severity> fromWireName(String name) {
        for (Severity s : values()) {
            if (s.wireName.equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
