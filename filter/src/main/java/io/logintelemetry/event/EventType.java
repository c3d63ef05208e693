package io.logintelemetry.event;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    /** The fields each type keeps besides the ones all events share (EVENTS.md). */
    private static final Map<EventType, List<String>> DETAILS = new EnumMap<>(EventType.class);

    static {
        for (EventType t : values()) {
            DETAILS.put(t, List.of());
        }
        DETAILS.put(LOGIN, List.of("outcome"));
        DETAILS.put(REQUEST, List.of("path"));
        DETAILS.put(SESSION_END, List.of("reason"));
        DETAILS.put(PROFILE_CHANGE, List.of("field", "value"));
        DETAILS.put(PROFILE, List.of("name", "name_reading", "country"));
        DETAILS.put(PAYOUT_ACCOUNT, List.of("holder_name", "payout_ref"));
        DETAILS.put(IDENTITY_DOCUMENT, List.of("document", "name"));
        DETAILS.put(REVIEW, List.of("subject", "rating"));
        DETAILS.put(MESSAGE, List.of("to", "text"));
        DETAILS.put(OFFER, List.of("rate", "currency", "category"));
    }

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /**
     * The detail fields of this type (EVENTS.md), beside {@code ts}, {@code account}, {@code ip},
     * {@code session}, {@code device} and {@code ua}; e.g. {@code outcome} for a login.
     */
    public List<String> details() {
        return DETAILS.get(this);
    }

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
