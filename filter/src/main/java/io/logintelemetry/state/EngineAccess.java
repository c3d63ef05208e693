package io.logintelemetry.state;

import io.logintelemetry.event.Event;
import io.logintelemetry.flag.Flag;
import java.util.List;

/**
 * What a shared store may ask of the engine it serves (see {@link StateStore#attach}): to fold
 * another node's event into this node's state, and to run the detectors again once the state holds
 * what the whole cluster saw. Called on the store's own worker thread, never on a request.
 */
public interface EngineAccess {

    /**
     * Applies to the account's state an event another node saw, as this node would have recorded
     * it, running no detector and raising nothing.
     */
    void absorb(Event event);

    /**
     * Runs the account, address and device detectors for {@code event} on the state as it stands
     * (after merging), admitting what is news as flags: they reach the sinks and the account's
     * action like any flag, so the account's following requests see them.
     */
    List<Flag> reconsider(Event event);
}
