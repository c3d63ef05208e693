package io.logintelemetry.agent.javaagent;

import java.util.Arrays;
import java.util.function.Function;

/**
 * A small map keyed by our servlet interfaces, read by a scan of an array instead of a hash look-up.
 *
 * <p>Why: {@link Foreign} reads these maps several times per request (each view of a request,
 * response, session or context), and a profile of the agent under load put the
 * {@code ConcurrentHashMap} reads keyed by {@code Class} (identity hash codes) among the agent's
 * largest costs. The maps hold a handful of entries, so comparing references is cheaper. Writes
 * (once per interface) copy the array under a lock; reads take the published array as it is.
 *
 * @param <V> the value
 */
final class ByInterface<V> {

    /** Key, value, key, value... Replaced, never changed in place, once published. */
    private volatile Object[] entries = new Object[0];

    /** The value for {@code key}, or null. */
    @SuppressWarnings("unchecked")
    V get(Class<?> key) {
        Object[] e = entries;
        for (int i = 0; i < e.length; i += 2) {
            if (e[i] == key) {
                return (V) e[i + 1];
            }
        }
        return null;
    }

    /** Sets {@code key} to {@code value}, replacing what it had. */
    synchronized void put(Class<?> key, V value) {
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
    synchronized V putIfAbsent(Class<?> key, V value) {
        V had = get(key);
        if (had == null) {
            put(key, value);
        }
        return had;
    }

    /** The value for {@code key}, computed (once, under the lock) when it has none. */
    V computeIfAbsent(Class<?> key, Function<Class<?>, V> compute) {
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
