package io.logintelemetry.event;

import io.logintelemetry.net.IpAddress;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns one record's fields (wire names to text, as JSON Lines and CSV both give them) into an
 * {@link Event}, or into the reason it is malformed. The rules live here once, so both formats
 * accept and refuse exactly the same records.
 */
final class EventFields {

    /** Every detail field of any type: a record's other fields are ignored. */
    private static final Set<String> KNOWN_DETAILS = Arrays.stream(EventType.values())
            .flatMap(t -> t.details().stream()).collect(Collectors.toUnmodifiableSet());

    private static final int MAX_QUOTED_VALUE = 40;

    private EventFields() {
    }

    /**
     * Builds the event from a record.
     *
     * @param field the record's value of a field by wire name; null or blank when absent
     * @param line  where the record starts, for the result
     */
    static ParsedLine toEvent(long line, Function<String, String> field) {
        String tsText = field.apply("ts");
        if (isBlank(tsText)) {
            return ParsedLine.malformed(line, "missing ts");
        }
        OptionalLong ts = EventTimestamps.parse(tsText);
        if (ts.isEmpty()) {
            return ParsedLine.malformed(line, "bad ts " + quote(tsText) + " (want ISO-8601 instant or epoch millis)");
        }
        String typeText = field.apply("type");
        if (isBlank(typeText)) {
            return ParsedLine.malformed(line, "missing type");
        }
        Optional<EventType> type = EventType.fromWireName(typeText.trim());
        if (type.isEmpty()) {
            return ParsedLine.malformed(line, "unknown type " + quote(typeText));
        }
        String account = field.apply("account");
        if (isBlank(account) && type.get() != EventType.REQUEST) {
            return ParsedLine.malformed(line, "missing account (required for " + type.get().wireName() + ")");
        }
        IpAddress ip = null;
        String ipText = field.apply("ip");
        if (!isBlank(ipText)) {
            Optional<IpAddress> parsed = IpAddress.parse(ipText);
            if (parsed.isEmpty()) {
                return ParsedLine.malformed(line, "bad ip " + quote(ipText));
            }
            ip = parsed.get();
        }
        Event.Builder b = Event.builder(type.get(), ts.getAsLong())
                .account(account)
                .ip(ip)
                .session(field.apply("session"))
                .device(field.apply("device"))
                .userAgent(field.apply("ua"));
        for (String name : type.get().details()) {
            b.detail(name, field.apply(name));
        }
        if (type.get() == EventType.LOGIN) {
            String outcome = field.apply("outcome");
            if (!isBlank(outcome)) {
                String normalised = outcome.trim().toLowerCase(Locale.ROOT);
                if (!normalised.equals("success") && !normalised.equals("failure")) {
                    return ParsedLine.malformed(line, "bad outcome " + quote(outcome) + " (want success or failure)");
                }
                b.detail("outcome", normalised);
            }
        }
        return ParsedLine.ok(line, b.build());
    }

    /** Whether a field is one we read (others are ignored, whatever their shape). */
    static boolean isKnown(String name) {
        switch (name) {
            case "ts":
            case "type":
            case "account":
            case "ip":
            case "session":
            case "device":
            case "ua":
                return true;
            default:
                return KNOWN_DETAILS.contains(name);
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /** The value as a short, single-line quotation for a problem message. */
    static String quote(String value) {
        String shown = value.length() > MAX_QUOTED_VALUE ? value.substring(0, MAX_QUOTED_VALUE) + "…" : value;
        StringBuilder b = new StringBuilder(shown.length() + 2).append('\'');
        shown.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp)) {
                b.append(String.format("\\u%04x", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.append('\'').toString();
    }
}
