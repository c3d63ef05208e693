package io.logintelemetry.action;

import java.util.Locale;
import java.util.Optional;

/**
 * What is done inline when a flag is raised, from the mildest to the strongest. Only {@link #LOG}
 * is on by default; the others are configured per signal.
 */
public enum Action {
    /** Log (and export) the flag; the request goes on untouched. */
    LOG,
    /** Also set the request attribute and, if configured, a response header for the app to read. */
    MARK,
    /** Redirect the account's requests to the configured step-up URL. */
    STEP_UP,
    /** Answer the account's requests with 403. */
    BLOCK;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    public String wireName() {
        return wireName;
    }

    public static Optional<Action> fromWireName(String name) {
        for (Action a : values()) {
            if (a.wireName.equals(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** The stronger of two actions. */
    public Action max(Action other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
