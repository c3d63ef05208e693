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
 *
 * <p>Entries holding account ids or IP addresses are typed as such ({@link Builder#account},
 * {@link Builder#accounts}, {@link Builder#ip}, {@link Builder#ips}), and accounts or addresses named
 * inside free text (a link "u1 ~ u2 (device d-1)", the summary sentence) are declared with
 * {@link Builder#mention}: exporters that pseudonymise map exactly these values, wherever they
 * appear, instead of guessing from entry names.
 */
public final class Evidence {

    /** Most items kept per list. */
    public static final int MAX_LIST_ITEMS = 20;

    /** What a typed entry or a named value is. */
    public enum Kind {
        /** An account id. */
        ACCOUNT,
        /** An IP address or network, as text ({@code 203.0.113.7}, {@code 203.0.113.0/24}). */
        IP
    }

    private static final Evidence EMPTY = new Evidence(Map.of(), Map.of(), Map.of());

    private final Map<String, Object> values;
    private final Map<String, Kind> kinds;
    private final Map<String, Kind> named;

    private Evidence(Map<String, Object> values, Map<String, Kind> kinds, Map<String, Kind> named) {
        this.values = values;
        this.kinds = kinds;
        this.named = named;
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

    /** The kind of an entry whose value (or list items) are account ids or addresses; empty otherwise. */
    public java.util.Optional<Kind> kind(String name) {
        return java.util.Optional.ofNullable(kinds.get(name));
    }

    /**
     * Every account id and address this evidence names, in typed entries (the kept items of lists) or declared as mentioned in free text or the summary, with its kind.
     */
    public Map<String, Kind> named() {
        return named;
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
        private final Map<String, Kind> kinds = new LinkedHashMap<>();
        private final Map<String, Kind> named = new LinkedHashMap<>();

        private Builder() {
        }

        /** An account id (another account than the flag's, typically), typed so exports can pseudonymise it. */
        public Builder account(String name, String account) {
            if (account != null) {
                put(name, account);
                kinds.put(name, Kind.ACCOUNT);
                named.putIfAbsent(account, Kind.ACCOUNT);
            }
            return this;
        }

        /** A list of account ids, cut like {@link #list}, typed so exports can pseudonymise them. */
        public Builder accounts(String name, Collection<?> accounts) {
            return typedList(name, accounts, Kind.ACCOUNT);
        }

        /** An address or network as text, typed so exports can pseudonymise it. */
        public Builder ip(String name, Object ip) {
            if (ip != null) {
                String text = String.valueOf(ip);
                put(name, text);
                kinds.put(name, Kind.IP);
                named.putIfAbsent(text, Kind.IP);
            }
            return this;
        }

        /** A list of addresses or networks, cut like {@link #list}, typed so exports can pseudonymise them. */
        public Builder ips(String name, Collection<?> ips) {
            return typedList(name, ips, Kind.IP);
        }

        /**
         * Declares values named inside free text of this flag (a list of links, the summary sentence)
         * that are account ids or addresses, so exports can pseudonymise them there too.
         */
        public Builder mention(Kind kind, Object... mentioned) {
            for (Object m : mentioned) {
                if (m != null) {
                    named.putIfAbsent(String.valueOf(m), kind);
                }
            }
            return this;
        }

        private Builder typedList(String name, Collection<?> items, Kind kind) {
            list(name, items);
            kinds.put(name, kind);
            // Only the kept items reach an output; a group of thousands must not grow this map.
            int n = 0;
            for (Object item : items) {
                if (n++ == MAX_LIST_ITEMS) {
                    break;
                }
                named.putIfAbsent(String.valueOf(item), kind);
            }
            return this;
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
            kinds.putAll(other.kinds);
            other.named.forEach(named::putIfAbsent);
            return this;
        }

        public Evidence build() {
            if (values.isEmpty() && named.isEmpty()) {
                return EMPTY;
            }
            return new Evidence(Collections.unmodifiableMap(new LinkedHashMap<>(values)),
                    Collections.unmodifiableMap(new LinkedHashMap<>(kinds)),
                    Collections.unmodifiableMap(new LinkedHashMap<>(named)));
        }
    }
}
