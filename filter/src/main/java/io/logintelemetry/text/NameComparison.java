package io.logintelemetry.text;

import java.util.Objects;

/**
 * A verdict on two names and why.
 *
 * @param verdict the verdict
 * @param reason  a short English phrase for a flag's evidence; it never contains any part of either
 *                name, so it can be logged and exported as it is
 */
public record NameComparison(NameVerdict verdict, String reason) {

    /** Checks that both parts are present. */
    public NameComparison {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(reason, "reason");
    }

    /** True for {@link NameVerdict#DIFFERENT}: the names were read and do not match. */
    public boolean isMismatch() {
        return verdict == NameVerdict.DIFFERENT;
    }
}
