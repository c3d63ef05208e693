package io.logintelemetry.event;

import java.util.Locale;
import java.util.Optional;

/** The event types of EVENTS.md, with their wire names. */
public enum EventType {
    LOGIN,
    REQUEST,
    LOGOUT,
    SESSION_END,
    PROFILE_CHANGE,
    PROFILE,
    PAYOUT_ACCOUNT,
    IDENTITY_DOCUMENT,
    REVIEW,
    MESSAGE,
    OFFER;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** The name used in JSON Lines and CSV files, e.g. {@code session_end}. */
    public String wireName() {
        return wireName;
    }

    public static Optional<EventType> fromWireName(String name) {
        for (EventType t : values()) {
            if (t.wireName.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** Whether an event of this type shows the account active at that moment. */
    public boolean isActivity() {
        return this == LOGIN || this == REQUEST;
    }
}
