package io.logintelemetry.redis;

import io.logintelemetry.event.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The events the Redis worker has taken off the queue and not yet finished with, in queue order, at
 * most one per account (worker thread only).
 *
 * <p>One per account because an account's script takes, as argument, the sequence number the
 * answer to that account's previous event returned (the worker's cursor): its next event cannot be
 * sent before that answer is in. So the first event taken whose account already has one here ends
 * the batch: it is held back and joins once that account's event is finished. Events are never
 * reordered within an account; across accounts, an event whose answer did not come keeps its place
 * while the others are finished.
 */
final class Batch {

    /** By account, in the order taken. */
    private final LinkedHashMap<String, Event> byAccount = new LinkedHashMap<>();
    /** The number of each event of {@link #byAccount}, by account. */
    private final Map<String, Long> numbers = new HashMap<>();
    /** Taken after all of {@link #byAccount}, but its account has an event there. */
    private Event heldBack;
    private long heldBackNumber;
    /** Of the last event taken: each event gets the next one, which its retries keep. */
    private long lastNumber;

    /** Whether the worker holds no event at all. */
    boolean isEmpty() {
        return byAccount.isEmpty() && heldBack == null;
    }

    /** Whether another event may be taken off the queue: fewer than {@code limit} here and none held back. */
    boolean wantsMore(int limit) {
        return heldBack == null && byAccount.size() < limit;
    }

    /** Adds the next event taken off the queue; held back when its account already has one here. */
    void add(Event event) {
        long number = ++lastNumber;
        if (byAccount.putIfAbsent(event.account(), event) != null) {
            heldBack = event;
            heldBackNumber = number;
        } else {
            numbers.put(event.account(), number);
        }
    }

    /** The number {@link #add} gave {@code event}, one of those to send: unique on this node, kept on retries. */
    long number(Event event) {
        return numbers.get(event.account());
    }

    /** The events to send, in queue order (a copy: finishing them changes the batch). */
    List<Event> events() {
        return new ArrayList<>(byAccount.values());
    }

    /** The first event, or null when none is ready. */
    Event first() {
        return byAccount.isEmpty() ? null : byAccount.values().iterator().next();
    }

    /** {@code event} was applied or given up: it leaves, and an event held back for its account takes its turn. */
    void finished(Event event) {
        byAccount.remove(event.account());
        numbers.remove(event.account());
        if (heldBack != null && !byAccount.containsKey(heldBack.account())) {
            byAccount.put(heldBack.account(), heldBack); // last: it was taken after every event still here
            numbers.put(heldBack.account(), heldBackNumber);
            heldBack = null;
        }
    }
}
