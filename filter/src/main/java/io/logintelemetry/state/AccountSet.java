package io.logintelemetry.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

/**
 * The accounts seen lately on one shared key: an IP address or a device id. Capped (see
 * {@link RecentKeys}); thread-safe by synchronising on the instance.
 *
 * <p>Kept small because there is one per address: no copy of its key (the detectors have the event's
 * address or device), the accounts' canonical id strings rather than copies, and a single account
 * (most addresses only ever see one) held in two fields until a second one shows up.
 */
public final class AccountSet {

    /**
     * Room for accounts once there are several; negative once the store dropped this set (see
     * {@link #retire()}). One volatile field for both keeps the set at 24 bytes: there is one per address.
     */
    private volatile int capacity;
    /** The only account seen so far (a {@code String}), or a {@link RecentKeys} once there are several. */
    private Object accounts;
    /** When the only account was last seen, in {@link EpochSeconds}; unused once there are several. */
    private int singleSeen;

    AccountSet(int capacity) {
        this.capacity = capacity;
    }

    /** A set of one account, {@code account}, last seen at {@code seenSeconds} ({@link EpochSeconds}). */
    static AccountSet of(int capacity, String account, int seenSeconds) {
        AccountSet set = new AccountSet(capacity);
        set.accounts = account;
        set.singleSeen = seenSeconds;
        return set;
    }

    /** Marks the set as dropped by the store: a reference kept to it must be looked up afresh. Takes no lock. */
    public void retire() {
        int c = capacity;
        if (c > 0) {
            capacity = -c;
        }
    }

    /** Whether the store dropped this set (see {@link StateStore#retiresDroppedSets()}). */
    public boolean retired() {
        return capacity < 0;
    }

    /** Records {@code account} at {@code time}; pass the account's canonical id, {@link AccountState#id()}. */
    public synchronized void add(String account, long time) {
        int seen = EpochSeconds.of(time);
        if (accounts == null) {
            accounts = account;
            singleSeen = seen;
        } else if (accounts instanceof String single) {
            if (single.equals(account)) {
                singleSeen = Math.max(singleSeen, seen);
            } else {
                RecentKeys<String> several = new RecentKeys<>(Math.abs(capacity));
                several.touchSeconds(single, singleSeen);
                several.touchSeconds(account, seen);
                accounts = several;
            }
        } else {
            several().touchSeconds(account, seen);
        }
    }

    /**
     * Distinct accounts seen within {@code window} before {@code now} or before the latest sighting,
     * whichever is later (see {@link #latest()}); one pass under one lock, allocating nothing.
     */
    public synchronized int countWithin(long now, long window) {
        if (accounts instanceof String) {
            return EpochSeconds.toMillis(singleSeen) >= Math.max(now, EpochSeconds.toMillis(singleSeen)) - window ? 1 : 0;
        }
        return accounts == null ? 0 : several().countSince(Math.max(now, several().latest()) - window);
    }

    /** Distinct accounts seen at or after {@code since}. */
    public synchronized int countSince(long since) {
        if (accounts instanceof String) {
            return EpochSeconds.toMillis(singleSeen) >= since ? 1 : 0;
        }
        return accounts == null ? 0 : several().countSince(since);
    }

    /**
     * The latest sighting of any account, or {@link Long#MIN_VALUE}: where a window over this set
     * ends, even when the event being evaluated is a few seconds older (clock skew between nodes).
     */
    public synchronized long latest() {
        if (accounts instanceof String) {
            return EpochSeconds.toMillis(singleSeen);
        }
        return accounts == null ? Long.MIN_VALUE : several().latest();
    }

    /** The accounts seen at or after {@code since}, oldest sighting first. */
    public synchronized List<String> accountsSince(long since) {
        if (accounts instanceof String single) {
            return EpochSeconds.toMillis(singleSeen) >= since ? List.of(single) : List.of();
        }
        return accounts == null ? List.of() : several().keysSince(since);
    }

    @SuppressWarnings("unchecked")
    private RecentKeys<String> several() {
        return (RecentKeys<String>) accounts;
    }

    // ---- binary form (StateCodec); the caller holds this set's monitor ----

    void write(DataOutput out) throws IOException {
        out.writeInt(Math.abs(capacity));
        if (accounts == null) {
            out.writeByte(0);
        } else if (accounts instanceof String single) {
            out.writeByte(1);
            StateCodec.writeString(out, single);
            out.writeInt(singleSeen);
        } else {
            out.writeByte(2);
            several().write(out);
        }
    }

    static AccountSet read(DataInput in) throws IOException {
        AccountSet set = new AccountSet(StateCodec.readCount(in, StateCodec.MAX_ENTRIES));
        StateCodec.check(set.capacity > 0, "set capacity 0");
        int kind = in.readByte();
        if (kind == 1) {
            set.accounts = StateCodec.readString(in);
            StateCodec.check(set.accounts != null, "null account");
            set.singleSeen = in.readInt();
        } else if (kind == 2) {
            set.accounts = RecentKeys.read(in);
        } else {
            StateCodec.check(kind == 0, "set kind " + kind);
        }
        return set;
    }

    /**
     * Replaces each account id by the canonical string {@code canonical} gives (the restored account's
     * {@link AccountState#id()}), so that a restored set shares its ids with the accounts as a live one does.
     */
    synchronized void canonicalize(java.util.function.UnaryOperator<String> canonical) {
        if (accounts instanceof String single) {
            accounts = canonical.apply(single);
        } else if (accounts != null) {
            several().replaceKeys(canonical);
        }
    }
}
