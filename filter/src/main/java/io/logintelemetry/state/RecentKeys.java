package io.logintelemetry.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A capped set of keys with the time each was last seen: "which networks logged into this account
 * lately", "which accounts used this IP lately".
 *
 * <p>Memory is bounded by the capacity, not by traffic: when full, the key seen longest ago makes
 * room. The capacity is set above the largest limit a detector compares it with, so eviction only
 * ever forgets keys that no longer matter. Arrays start with room for one key and grow, because most
 * sets hold one or two; times are {@link EpochSeconds} (an {@code int} each, exact to the second). Not
 * thread-safe: the owning state object synchronises.
 *
 * @param <K> the key type, compared with {@code equals}
 */
final class RecentKeys<K> {

    private final int capacity;
    // Room for one key at first: most sets never hold more (arrays double as they fill).
    private Object[] keys = new Object[1];
    private int[] lastSeen = new int[1];
    private int size;

    RecentKeys(int capacity) {
        this.capacity = capacity;
    }

    /** Records {@code key} at {@code time}; a time earlier than the one already kept is ignored. */
    void touch(K key, long time) {
        touchSeconds(key, EpochSeconds.of(time));
    }

    /** {@link #touch} with the time already in {@link EpochSeconds}. */
    void touchSeconds(Object key, int seen) {
        for (int i = 0; i < size; i++) {
            if (keys[i].equals(key)) {
                lastSeen[i] = Math.max(lastSeen[i], seen);
                return;
            }
        }
        if (size < capacity) {
            if (size == keys.length) {
                int grown = Math.min(capacity, keys.length * 2);
                keys = java.util.Arrays.copyOf(keys, grown);
                lastSeen = java.util.Arrays.copyOf(lastSeen, grown);
            }
            keys[size] = key;
            lastSeen[size] = seen;
            size++;
            return;
        }
        int oldest = 0;
        for (int i = 1; i < size; i++) {
            if (lastSeen[i] < lastSeen[oldest]) {
                oldest = i;
            }
        }
        if (lastSeen[oldest] < seen) {
            keys[oldest] = key;
            lastSeen[oldest] = seen;
        }
    }

    /** Forgets the keys last seen before {@code since}: for owners whose readers never look back that far. */
    void forgetBefore(long since) {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (EpochSeconds.toMillis(lastSeen[i]) >= since) {
                keys[kept] = keys[i];
                lastSeen[kept] = lastSeen[i];
                kept++;
            }
        }
        for (int i = kept; i < size; i++) {
            keys[i] = null;
        }
        size = kept;
    }

    /** How many keys were seen at or after {@code since}. */
    int countSince(long since) {
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (EpochSeconds.toMillis(lastSeen[i]) >= since) {
                n++;
            }
        }
        return n;
    }

    /** The keys seen at or after {@code since}, oldest sighting first. */
    @SuppressWarnings("unchecked")
    List<K> keysSince(long since) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            if (EpochSeconds.toMillis(lastSeen[i]) >= since) {
                order.add(i);
            }
        }
        order.sort((a, b) -> lastSeen[a] != lastSeen[b] ? Integer.compare(lastSeen[a], lastSeen[b])
                : String.valueOf(keys[a]).compareTo(String.valueOf(keys[b])));
        List<K> result = new ArrayList<>(order.size());
        for (int i : order) {
            result.add((K) keys[i]);
        }
        return result;
    }

    /** The latest last-seen time of any key, or {@link Long#MIN_VALUE} if empty. */
    long latest() {
        if (size == 0) {
            return Long.MIN_VALUE;
        }
        int latest = Integer.MIN_VALUE;
        for (int i = 0; i < size; i++) {
            latest = Math.max(latest, lastSeen[i]);
        }
        return EpochSeconds.toMillis(latest);
    }

    /** The earliest last-seen time among keys seen at or after {@code since}, or -1 if none. */
    long earliestSince(long since) {
        long earliest = Long.MAX_VALUE;
        for (int i = 0; i < size; i++) {
            long seen = EpochSeconds.toMillis(lastSeen[i]);
            if (seen >= since && seen < earliest) {
                earliest = seen;
            }
        }
        return earliest == Long.MAX_VALUE ? -1 : earliest;
    }

    boolean contains(K key, long since) {
        for (int i = 0; i < size; i++) {
            if (keys[i].equals(key) && EpochSeconds.toMillis(lastSeen[i]) >= since) {
                return true;
            }
        }
        return false;
    }

    // ---- binary form (StateCodec); the owner holds its monitor ----

    void write(DataOutput out) throws IOException {
        out.writeInt(capacity);
        out.writeInt(size);
        for (int i = 0; i < size; i++) {
            StateCodec.writeString(out, String.valueOf(keys[i]));
            out.writeInt(lastSeen[i]);
        }
    }

    static RecentKeys<String> read(DataInput in) throws IOException {
        int capacity = StateCodec.readCount(in, StateCodec.MAX_ENTRIES);
        int size = StateCodec.readCount(in, capacity);
        StateCodec.check(capacity > 0, "capacity 0");
        RecentKeys<String> keys = new RecentKeys<>(capacity);
        keys.keys = new Object[Math.max(1, size)];
        keys.lastSeen = new int[Math.max(1, size)];
        for (int i = 0; i < size; i++) {
            String key = StateCodec.readString(in);
            StateCodec.check(key != null, "null key");
            keys.keys[i] = key;
            keys.lastSeen[i] = in.readInt();
        }
        keys.size = size;
        return keys;
    }

    /** Maps every key through {@code f} (same key, another instance: canonical ids after a restore). */
    @SuppressWarnings("unchecked")
    void replaceKeys(java.util.function.UnaryOperator<K> f) {
        for (int i = 0; i < size; i++) {
            keys[i] = f.apply((K) keys[i]);
        }
    }
}
