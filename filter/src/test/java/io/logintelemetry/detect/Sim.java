package io.logintelemetry.detect;

import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.engine.Engine;
import io.logintelemetry.event.Event;
import io.logintelemetry.event.EventType;
import io.logintelemetry.flag.Flag;
import io.logintelemetry.flag.Signal;
import io.logintelemetry.net.IpAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A real {@link Engine} driven by hand-made events, collecting every flag it returns. Times are
 * offsets from {@link #T0} so that each test reads as a timeline.
 */
public final class Sim {

    /** Monday 2026-03-02 00:00 UTC: hour and shift arithmetic in tests starts on a day boundary. */
    public static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");

    public static final String CHROME_WIN =
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36";
    public static final String CHROME_WIN_UPDATED =
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0 Safari/537.36";
    public static final String FIREFOX_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0";
    public static final String SAFARI_IPHONE =
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
    public static final String SAFARI_MAC =
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15";

    public final Engine engine;
    public final List<Flag> flags = new ArrayList<>();

    private Sim(Engine engine) {
        this.engine = engine;
    }

    /** An engine with the defaults. */
    public static Sim defaults() {
        return with();
    }

    /** An engine with {@code keyValues} (short names, without {@code logintelemetry.}) over the defaults. */
    public static Sim with(String... keyValues) {
        return withIntelligence(io.logintelemetry.intel.IpIntelligence.NONE, keyValues);
    }

    /** As {@link #with}, with an IP intelligence that knows what the test tells it. */
    public static Sim withIntelligence(io.logintelemetry.intel.IpIntelligence intelligence, String... keyValues) {
        Map<String, String> raw = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            raw.put("logintelemetry." + keyValues[i], keyValues[i + 1]);
        }
        return new Sim(Engine.builder(LoginTelemetryConfig.from(raw)).ipIntelligence(intelligence).build());
    }

    public static long at(Duration offset) {
        return T0.plus(offset).toEpochMilli();
    }

    public static long min(long minutes) {
        return at(Duration.ofMinutes(minutes));
    }

    public static long sec(long seconds) {
        return at(Duration.ofSeconds(seconds));
    }

    public static long hours(double hours) {
        return at(Duration.ofMillis(Math.round(hours * 3_600_000)));
    }

    /** Starts an event of {@code type} for {@code account} at epoch ms {@code time}. */
    public static Ev ev(EventType type, String account, long time) {
        return new Ev(type, account, time);
    }

    public static Ev login(String account, long time) {
        return ev(EventType.LOGIN, account, time);
    }

    public static Ev request(String account, long time) {
        return ev(EventType.REQUEST, account, time);
    }

    /** Feeds one event; returns the flags it raised (also kept in {@link #flags}). */
    public List<Flag> send(Ev e) {
        List<Flag> raised = engine.accept(e.build());
        flags.addAll(raised);
        return raised;
    }

    /** Feeds events in the order given. */
    public Sim sendAll(List<Ev> events) {
        for (Ev e : events) {
            send(e);
        }
        return this;
    }

    public List<Flag> flagsOf(Signal signal) {
        return flags.stream().filter(f -> f.signal() == signal).collect(Collectors.toList());
    }

    public List<Flag> flagsOf(Signal signal, String account) {
        return flags.stream().filter(f -> f.signal() == signal && f.account().equals(account)).collect(Collectors.toList());
    }

    /** The accounts that received a flag of {@code signal}, sorted. */
    public Set<String> accountsFlagged(Signal signal) {
        return flags.stream().filter(f -> f.signal() == signal).map(Flag::account).collect(Collectors.toCollection(TreeSet::new));
    }

    /** One event under construction; every field optional but type, account and time. */
    public static final class Ev {
        private final EventType type;
        private final String account;
        private final long time;
        private String ip;
        private String session;
        private String device;
        private String ua;
        private final Map<String, String> details = new HashMap<>();

        private Ev(EventType type, String account, long time) {
            this.type = type;
            this.account = account;
            this.time = time;
        }

        public Ev ip(String ip) {
            this.ip = ip;
            return this;
        }

        public Ev session(String session) {
            this.session = session;
            return this;
        }

        public Ev device(String device) {
            this.device = device;
            return this;
        }

        public Ev ua(String ua) {
            this.ua = ua;
            return this;
        }

        public Ev detail(String name, String value) {
            details.put(name, value);
            return this;
        }

        public long time() {
            return time;
        }

        public Event build() {
            Event.Builder b = Event.builder(type, time).account(account).session(session).device(device).userAgent(ua);
            if (ip != null) {
                b.ip(IpAddress.parse(ip).orElseThrow(() -> new IllegalArgumentException("bad test IP " + ip)));
            }
            details.forEach(b::detail);
            return b.build();
        }
    }
}
