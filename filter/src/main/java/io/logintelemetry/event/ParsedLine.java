package io.logintelemetry.event;

import java.util.Objects;

/**
 * One record of an input file as an {@link EventReader} saw it: either an {@link Event} or the reason
 * the record was skipped, always with the line it started on, so an analyst can find it.
 *
 * @param lineNumber 1-based physical line on which the record starts
 * @param event      the event, or null when the record was malformed
 * @param problem    why the record was skipped, or null when it gave an event
 */
public record ParsedLine(long lineNumber, Event event, String problem) {

    public ParsedLine {
        if ((event == null) == (problem == null)) {
            throw new IllegalArgumentException("exactly one of event and problem must be set");
        }
    }

    public static ParsedLine ok(long lineNumber, Event event) {
        return new ParsedLine(lineNumber, Objects.requireNonNull(event, "event"), null);
    }

    public static ParsedLine malformed(long lineNumber, String problem) {
        return new ParsedLine(lineNumber, null, Objects.requireNonNull(problem, "problem"));
    }

    public boolean isMalformed() {
        return problem != null;
    }
}
