package io.logintelemetry.agent.javaagent;

import java.util.Arrays;
import java.util.function.Function;

/**
 * A small map keyed by identity (our servlet interfaces, our interfaces' methods), read by a scan
 * of an array instead of a hash look-up.
 *
 * <p>Why: {@link Foreign} reads these maps several times per request (each view of a request,
 * response, session or context, each call a view forwards), and a profile of the agent under load
 * put the {@code ConcurrentHashMap} reads keyed by {@code Class} (identity hash codes) among the
 * agent's largest costs. The maps hold a few to a few dozen entries (the methods a view actually
 * forwards), so comparing references is cheaper.
 * Writes (once per key) copy the array under a lock; reads take the published array as it is.
 *
 * @param <K> the key, compared by identity
 * @param <V> the value
 */
final class SmallIdentityMap<K, V> {

    /** Key, value, key, value... Replaced, never changed in place, once published. */
    private volatile Object[] entries = new Object[0];

    /** The value for {@code key}, or null. */
    @SuppressWarnings("unchecked")
    V get(K key) {
        Object[] e = entries;
        for (int i = 0; i < e.length; i += 2) {
            if (e[i] == key) {
                return (V) e[i + 1];
            }
        }
        return null;
    }

    /** How many keys it holds. */
    int size() {
        return entries.length / 2;
    }

    /** Sets {@code key} to {@code value}, replacing what it had. */
    synchronized void put(K key, V value) {
        Object[] e = entries;
        for (int i = 0; i < e.length; i += 2) {
            if (e[i] == key) {
                Object[] copy = e.clone();
                copy[i + 1] = value;
                entries = copy;
                return;
            }
        }
        Object[] grown = Arrays.copyOf(e, e.length + 2);
        grown[e.length] = key;
        grown[e.length + 1] = value;
        entries = grown;
    }

    /** Sets {@code key} to {@code value} unless it has one; returns the value it had, or null. */
    synchronized V putIfAbsent(K key, V value) {
        V had = get(key);
        if (had == null) {
            put(key, value);
        }
        return had;
    }

    /** The value for {@code key}, computed (once, under the lock) when it has none. */
    V computeIfAbsent(K key, Function<? super K, ? extends V> compute) {
        V value = get(key);
        if (value != null) {
            return value;
        }
        synchronized (this) {
            value = get(key);
            if (value == null) {
                value = compute.apply(key);
                put(key, value);
            }
            return value;
        }
    }
}
