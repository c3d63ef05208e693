package io.logintelemetry.flag;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The facts behind a flag: numbers, limits, windows and lists of networks or accounts, in the order
 * they were added. Lists are bounded to {@link #MAX_LIST_ITEMS} items; the full count is kept next
 * to them as {@code <name>_total}, so an analyst knows how much was left out.
 */
public final class Evidence {

    /** Most items kept per list. */
    public static final int MAX_LIST_ITEMS = 20;

    private static final Evidence EMPTY = new Evidence(Map.of());

    private final Map<String, Object> values;

    private Evidence(Map<String, Object> values) {
        this.values = values;
    }

    public static Evidence empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The entries in insertion order. Values are {@link String}, {@link Number}, {@link Boolean} or
     * an unmodifiable {@code List<String>}.
     */
    public Map<String, Object> values() {
        return values;
    }

    public Object get(String name) {
        return values.get(name);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Evidence e && e.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }

    /** Collects evidence entries; lists are cut to {@link #MAX_LIST_ITEMS} with their total kept. */
    public static final class Builder {
        private final Map<String, Object> values = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder put(String name, String value) {
            if (value != null) {
                values.put(name, value);
            }
            return this;
        }

        public Builder put(String name, long value) {
            values.put(name, value);
            return this;
        }

        public Builder put(String name, double value) {
            values.put(name, value);
            return this;
        }

        public Builder put(String name, boolean value) {
            values.put(name, value);
            return this;
        }

        /** A list, of which at most {@link #MAX_LIST_ITEMS} are kept, plus {@code name_total}. */
        public Builder list(String name, Collection<?> items) {
            List<String> kept = new ArrayList<>(Math.min(items.size(), MAX_LIST_ITEMS));
            for (Object item : items) {
                if (kept.size() == MAX_LIST_ITEMS) {
                    break;
                }
                kept.add(String.valueOf(item));
            }
            values.put(name, Collections.unmodifiableList(kept));
            values.put(name + "_total", (long) items.size());
            return this;
        }

        /** Copies every entry of {@code other}, lists and their totals included. */
        public Builder putAll(Evidence other) {
            values.putAll(other.values);
            return this;
        }

        public Evidence build() {
            return values.isEmpty() ? EMPTY : new Evidence(Collections.unmodifiableMap(new LinkedHashMap<>(values)));
        }
    }
}
