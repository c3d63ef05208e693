package io.logintelemetry.state;

/**
 * The id of a state object that the engine finds by it and then locks, on every event.
 *
 * <p>It is declared in a class of its own because HotSpot lays out a superclass's fields before a
 * subclass's: the id then lies next to the object header (the monitor's word). A table's look-up
 * confirms its match by reading the id, which brings in the header's cache line too, so the engine's
 * {@code synchronized} on the object that follows finds that line present. With the id at the far end
 * of a 240-byte account, the monitor's compare-and-set (a locked instruction, not issued ahead of the
 * loads before it) waited for a second miss of its own after the id's.
 */
abstract class IdentifiedState {

    final String id;

    IdentifiedState(String id) {
        this.id = id;
    }
}
