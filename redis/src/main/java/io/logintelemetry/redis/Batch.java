package io.logintelemetry.redis;

import io.logintelemetry.event.Event;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The events the Redis worker has taken off the queue and not yet finished with (worker thread
 * only): those to send, at most one per account, and those waiting for their account's turn.
 *
 * <p>One per account because an account's script takes, as argument, the sequence number the
 * answer to that account's previous event returned (the worker's cursor): its next event cannot be
 * sent before that answer is in. So an event taken whose account already has one to send waits, in
 * queue order, and takes its turn once that account's event is finished; meanwhile other accounts'
 * events keep filling the batch, so that one busy account (a password-spraying run against one
 * login) does not shrink every round trip to a single event. Events are never reordered within an
 * account; across accounts only the order of the answers' effects may differ, and nothing depends
 * on it.
 */
final class Batch {

    /** An event with the number {@link #add} gave it: unique on this node, kept on retries. */
    private record Taken(Event event, long number) {
    }

    /** To send: by account, in the order taken (or in the order they took their turn). */
    private final LinkedHashMap<String, Taken> byAccount = new LinkedHashMap<>();
    /** Taken while their account had one to send, in queue order. */
    private final ArrayDeque<Taken> waiting = new ArrayDeque<>();
    /** Of the last event taken. */
    private long lastNumber;

    /** Whether the worker holds no event at all. */
    boolean isEmpty() {
        return byAccount.isEmpty() && waiting.isEmpty();
    }

    /** Whether another event may be taken off the queue: fewer than {@code limit} to send, and fewer waiting. */
    boolean wantsMore(int limit) {
        return byAccount.size() < limit && waiting.size() < limit;
    }

    /** Adds the next event taken off the queue; it waits when its account already has one to send. */
    void add(Event event) {
        Taken taken = new Taken(event, ++lastNumber);
        if (byAccount.putIfAbsent(event.account(), taken) != null) {
            waiting.add(taken);
        }
    }

    /** The number {@link #add} gave {@code event}, one of those to send. */
    long number(Event event) {
        return byAccount.get(event.account()).number();
    }

    /** The events to send, in order (a copy: finishing them changes the batch). */
    List<Event> events() {
        List<Event> events = new ArrayList<>(byAccount.size());
        byAccount.values().forEach(t -> events.add(t.event()));
        return events;
    }

    /** The first event to send, or null when none is ready. */
    Event first() {
        return byAccount.isEmpty() ? null : byAccount.values().iterator().next().event();
    }

    /** {@code event} was applied or given up: it leaves, and the next waiting event of its account takes its turn. */
    void finished(Event event) {
        String account = event.account();
        byAccount.remove(account);
        for (Iterator<Taken> it = waiting.iterator(); it.hasNext(); ) {
            Taken next = it.next();
            if (next.event().account().equals(account)) {
                it.remove();
                byAccount.put(account, next); // last: taken after every event still to send
                return;
            }
        }
    }
}
