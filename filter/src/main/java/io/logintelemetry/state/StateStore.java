package io.logintelemetry.state;

import io.logintelemetry.event.Event;
import io.logintelemetry.net.IpAddress;
import io.logintelemetry.sink.FlagSink;
import java.util.List;
import java.util.Map;

/**
 * Where the engine keeps per-account, per-IP, per-device and per-session state. The in-memory
 * {@link InMemoryStateStore} is the default; durable and shared stores plug in here.
 *
 * <p>Every method is called on the request thread and must answer from memory, never waiting on
 * I/O. Implementations bound their size and expire idle entries by event time.
 *
 * <p>What any implementation, including a durable or remote one (a snapshot file, Redis), must provide:
 * <ul>
 *   <li><b>Local, mutable state objects.</b> The engine updates the objects returned here in place, under
 *       each object's own monitor, and runs the detectors on them under that lock. A store whose truth is
 *       elsewhere keeps these objects as its near-cache and applies or ships their changes off the request
 *       thread (a bounded queue and a worker); it never blocks a call here on the network or the disk.</li>
 *   <li><b>One live object per key.</b> Two calls for the same key return the same object until the store
 *       drops it; a dropped session or address set is {@linkplain SessionState#retire() retired}
 *       atomically with being dropped when {@link #retiresDroppedSessions()} / {@link #retiresDroppedSets()}
 *       say so, because the engine may keep using one it looked up earlier.</li>
 *   <li><b>Bounds and expiry by event time.</b> Entry counts bounded as configured; idle entries expire
 *       after the window of what they serve, measured on {@link #clock()}, so a replay gives the flags the
 *       live path gave. Restored or remote state is judged on the same clock.</li>
 *   <li><b>Thread safety without the engine's locks.</b> Calls come from many request threads at once;
 *       the store's own locks must never be held while it calls back into a state object's monitor.</li>
 * </ul>
 */
public interface StateStore {

    /** The state of an account, created if absent. */
    AccountState account(String account);

    /** The state of an account if present, else null. */
    AccountState existingAccount(String account);

    /** The accounts seen on an IP address, created if absent. */
    AccountSet ip(IpAddress ip);

    /**
     * Records {@code account} on {@code ip} at {@code time} (event time) and answers null when the
     * address has seen no other account (then there is nothing for the address detectors to count);
     * otherwise the address's set, to which the caller adds the account as after {@link #ip}. The
     * default is {@link #ip}.
     */
    default AccountSet ipOf(IpAddress ip, AccountState account, long time) {
        return ip(ip);
    }

    /** The accounts seen on a device id, created if absent. */
    AccountSet device(String device);

    /** The state of a session, created if absent. */
    SessionState session(String session);

    /**
     * The state of a session of {@code owner}, created if absent: a store may let the account carry
     * a new session in its own fields (see {@link SessionState}). The default is {@link #session(String)}.
     */
    default SessionState session(String session, AccountState owner) {
        return session(session);
    }

    /** Forgets a session that ended. */
    void endSession(String session);

    /** The clock that drives expiry; the engine advances it with each event. */
    EventClock clock();

    /** Approximate number of entries per kind ("accounts", "ips", "devices", "sessions"). */
    Map<String, Long> sizes();

    /**
     * Whether this store {@linkplain SessionState#retire() retires} a session as it drops it (evicted,
     * expired or ended), so that a caller may keep using a session it looked up before for as long as
     * it is not retired. A store that answers false is asked on every event.
     */
    default boolean retiresDroppedSessions() {
        return false;
    }

    /** The same as {@link #retiresDroppedSessions()} for the per-IP sets ({@link AccountSet#retire()}). */
    default boolean retiresDroppedSets() {
        return false;
    }

    /**
     * How long (event time) a caller may keep using a session or set it looked up before it asks
     * again, so that the store's idle expiry sees the entry in use. Only read when this store
     * retires what it drops.
     */
    default long recheckAfterMillis() {
        return 10 * 60_000L;
    }

    /**
     * The state of the marketplace signals, or null when this store keeps none: the engine then
     * keeps its own in memory.
     */
    default MarketplaceStore marketplace() {
        return null;
    }

    // ---- hooks for a shared store (Redis); the in-memory store ignores them ----

    /**
     * Called once by the engine this store serves, when it is built: a shared store keeps it to fold
     * other nodes' events into its local objects and to run the detectors on the merged state.
     */
    default void attach(EngineAccess engine) {
    }

    /**
     * Called on the request thread after the engine processed {@code event} (sensitive values already
     * hashed). A shared store hands it to its bounded queue here; it must never block or throw.
     */
    default void processed(Event event) {
    }

    /**
     * The sinks the engine publishes flags to, given the configured ones: a shared store may route
     * them through a cluster-wide check so that a flag is delivered once, whichever node raised it.
     * {@link FlagSink#publish} of what is returned must not block either.
     */
    default List<FlagSink> routeFlags(List<FlagSink> sinks) {
        return sinks;
    }

    /** Stops the store's background work, if any; called when the engine closes, before its sinks close. */
    default void close() {
    }
}
