package io.logintelemetry.agent.scan;

import io.logintelemetry.event.Event;
import java.util.Comparator;

/**
 * An event with where it came from, in the scan's total order (EVENTS.md): by time, then account,
 * then type, then original position (file, line). Position makes the order total, so the same
 * events give the same detection order however a file was sorted.
 *
 * @param event     the event
 * @param fileIndex position of its file on the command line
 * @param line      its line in that file
 */
record SortableEvent(Event event, int fileIndex, long line) {

    /** Accounts compare as text, with account-less requests first; types by declaration order (login before request). */
    static final Comparator<SortableEvent> ORDER = Comparator
            .comparingLong((SortableEvent e) -> e.event().timestamp())
            .thenComparing(e -> e.event().account(), Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparingInt(e -> e.event().type().ordinal())
            .thenComparingInt(SortableEvent::fileIndex)
            .thenComparingLong(SortableEvent::line);
}
