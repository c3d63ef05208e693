package io.logintelemetry.state;

import java.util.List;

/**
 * The accounts seen lately on one shared key: an IP address or a device id. Capped (see
 * {@link RecentKeys}); thread-safe by synchronising on the instance.
 */
public final class AccountSet {

    private final String key;
    private final RecentKeys<String> accounts;

    AccountSet(String key, int capacity) {
        this.key = key;
        this.accounts = new RecentKeys<>(capacity);
    }

    /** The IP address or device id this set belongs to. */
    public String key() {
        return key;
    }

    public synchronized void add(String account, long time) {
        accounts.touch(account, time);
    }

    /**
     * Distinct accounts seen within {@code window} before {@code now} or before the latest sighting,
     * whichever is later (see {@link #latest()}); one pass under one lock, allocating nothing.
     */
    public synchronized int countWithin(long now, long window) {
        return accounts.countSince(Math.max(now, accounts.latest()) - window);
    }

    /** Distinct accounts seen at or after {@code since}. */
    public synchronized int countSince(long since) {
        return accounts.countSince(since);
    }

    /**
     * The latest sighting of any account, or {@link Long#MIN_VALUE}: where a window over this set
     * ends, even when the event being evaluated is a few seconds older (clock skew between nodes).
     */
    public synchronized long latest() {
        return accounts.latest();
    }

    /** The accounts seen at or after {@code since}, oldest sighting first. */
    public synchronized List<String> accountsSince(long since) {
        return accounts.keysSince(since);
    }
}
