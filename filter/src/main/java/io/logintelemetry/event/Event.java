package io.logintelemetry.event;

import io.logintelemetry.net.IpAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One telemetry event (EVENTS.md): the single input model shared by the live filter, the agent and
 * the offline scan.
 *
 * <p>Common fields are typed; the extra fields of each type ({@code outcome}, {@code reason},
 * {@code country}, {@code holder_name}...) are kept by their wire names in {@link #detail(String)}.
 * Identifying values are bounded with {@link BoundedText} when the event is built, so a 10 KB
 * account name cannot bloat state or output. Instances are immutable; build them with
 * {@link #builder(EventType, long)}.
 */
public final class Event {

    /** Longest account, session or device id kept as is; longer ones are shortened with a hash. */
    public static final int MAX_ID_LENGTH = 256;
    /** Longest user agent or free-text detail kept. */
    public static final int MAX_TEXT_LENGTH = 1024;

    private final long timestamp;
    private final EventType type;
    private final String account;
    private final IpAddress ip;
    private final String session;
    private final String device;
    private final String userAgent;
    private final Map<String, String> details;

    private Event(Builder b) {
        this.timestamp = b.timestamp;
        this.type = b.type;
        this.account = b.account;
        this.ip = b.ip;
        this.session = b.session;
        this.device = b.device;
        this.userAgent = b.userAgent;
        this.details = b.details == null ? Map.of() : Collections.unmodifiableMap(b.details);
    }

    public static Builder builder(EventType type, long timestampMillis) {
        return new Builder(type, timestampMillis);
    }

    /** Event time in epoch milliseconds. */
    public long timestamp() {
        return timestamp;
    }

    public EventType type() {
        return type;
    }

    /** The account, or null for a request before login. */
    public String account() {
        return account;
    }

    /** The client address after trusted-proxy resolution, or null when unknown. */
    public IpAddress ip() {
        return ip;
    }

    public String session() {
        return session;
    }

    public String device() {
        return device;
    }

    public String userAgent() {
        return userAgent;
    }

    /** A type-specific field by its wire name ({@code outcome}, {@code country}...), or null. */
    public String detail(String name) {
        return details.get(name);
    }

    public Map<String, String> details() {
        return details;
    }

    /** For a login: whether it failed ({@code outcome=failure}). */
    public boolean isFailedLogin() {
        return type == EventType.LOGIN && "failure".equals(details.get("outcome"));
    }

    /** Whether the event shows the account at work: a successful login or a request. */
    public boolean isActivity() {
        return account != null && type.isActivity() && !isFailedLogin();
    }

    @Override
    public String toString() {
        return "Event{" + type.wireName() + " at " + timestamp + " account=" + account + " ip=" + ip + '}';
    }

    /** Builds an {@link Event}; every setter accepts null for "not known". */
    public static final class Builder {
        private final EventType type;
        private final long timestamp;
        private String account;
        private IpAddress ip;
        private String session;
        private String device;
        private String userAgent;
        private Map<String, String> details;

        private Builder(EventType type, long timestamp) {
            this.type = Objects.requireNonNull(type, "type");
            this.timestamp = timestamp;
        }

        public Builder account(String account) {
            this.account = BoundedText.id(account);
            return this;
        }

        public Builder ip(IpAddress ip) {
            this.ip = ip;
            return this;
        }

        public Builder session(String session) {
            this.session = BoundedText.id(session);
            return this;
        }

        public Builder device(String device) {
            this.device = BoundedText.id(device);
            return this;
        }

        public Builder userAgent(String userAgent) {
            this.userAgent = BoundedText.text(userAgent, MAX_TEXT_LENGTH);
            return this;
        }

        /** Sets a type-specific field by its wire name; blank values are ignored. */
        public Builder detail(String name, String value) {
            String v = BoundedText.text(value, MAX_TEXT_LENGTH);
            if (v != null) {
                if (details == null) {
                    details = new LinkedHashMap<>(4);
                }
                details.put(name, v);
            }
            return this;
        }

        public Event build() {
            return new Event(this);
        }
    }
}
