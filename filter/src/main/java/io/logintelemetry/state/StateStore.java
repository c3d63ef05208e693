package io.logintelemetry.state;

import io.logintelemetry.net.IpAddress;
import java.util.Map;

/**
 * Where the engine keeps per-account, per-IP, per-device and per-session state. The in-memory
 * {@link InMemoryStateStore} is the default; durable and shared stores plug in here.
 *
 * <p>Every method is called on the request thread and must answer from memory, never waiting on
 * I/O. Implementations bound their size and expire idle entries by event time.
 */
public interface StateStore {

    /** The state of an account, created if absent. */
    AccountState account(String account);

    /** The state of an account if present, else null. */
    AccountState existingAccount(String account);

    /** The accounts seen on an IP address, created if absent. */
    AccountSet ip(IpAddress ip);

    /** The accounts seen on a device id, created if absent. */
    AccountSet device(String device);

    /** The state of a session, created if absent. */
    SessionState session(String session);

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
}
