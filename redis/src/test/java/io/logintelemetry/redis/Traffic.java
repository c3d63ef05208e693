package io.logintelemetry.redis;

import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.engine.Engine;
import io.logintelemetry.event.Event;
import io.logintelemetry.event.EventType;
import io.logintelemetry.flag.Flag;
import io.logintelemetry.net.IpAddress;
import io.logintelemetry.sink.FlagSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Login traffic whose flags only show when all of it is seen together, and nodes to send it to. */
final class Traffic {

    static final String CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36";
    static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00Z
    static final long MIN = 60_000L;

    private Traffic() {
    }

    /**
     * Starting at {@code start} minutes: {@code churners} accounts each logging in from five /24
     * networks within 40 min (ip.churn: four in an hour), six accounts behind one address (ip.fanout:
     * five in a day), four accounts on one device (device.fanout: three) and quiet accounts with one
     * home address each. In time order; spread round-robin over three nodes, no node sees enough.
     */
    static List<Event> burst(String tag, int start, int churners, int quiet) {
        List<Event> events = new ArrayList<>();
        for (int step = 0; step < 5; step++) {
            long t = T0 + (start + step * 10L) * MIN;
            for (int a = 0; a < churners; a++) {
                events.add(login(tag + "churn" + a, t + a * 1000L, "198.18." + (10 + step) + "." + (a + 1), null, "c" + a + step));
            }
            for (int q = 0; q < quiet; q++) {
                events.add(login(tag + "quiet" + q, t + 500 + q * 1000L, "192.0.2." + (q + 1), tag + "qd" + q, "q" + q + step));
            }
            if (step < 3) {
                for (int f = 0; f < 2; f++) {
                    int who = step * 2 + f;
                    events.add(login(tag + "fan" + who, t + 700 + f, "203.0.113.77", null, "f" + who));
                }
            }
            if (step < 4) {
                events.add(login(tag + "dev" + step, t + 900, "192.0.2." + (100 + step), tag + "shared-device", "d" + step));
            }
        }
        events.sort(java.util.Comparator.comparingLong(Event::timestamp));
        return events;
    }

    static Event login(String account, long time, String ip, String device, String session) {
        Event.Builder b = Event.builder(EventType.LOGIN, time).account(account).ip(IpAddress.parse(ip).orElseThrow())
                .session(tagged(session, account)).userAgent(CHROME);
        if (device != null) {
            b.device(device);
        }
        return b.build();
    }

    private static String tagged(String session, String account) {
        return account + "-" + session;
    }

    static LoginTelemetryConfig config(String uri, String... more) {
        Map<String, String> raw = new HashMap<>();
        raw.put("logintelemetry.state.store", "redis");
        raw.put("logintelemetry.state.redis.uri", uri);
        raw.put("logintelemetry.state.redis.timeout", "PT0.5S");
        for (int i = 0; i < more.length; i += 2) {
            raw.put(more[i], more[i + 1]);
        }
        return LoginTelemetryConfig.from(raw);
    }

    /** Collects what reaches a sink. */
    static final class Collected implements FlagSink {
        final ConcurrentLinkedQueue<Flag> flags = new ConcurrentLinkedQueue<>();

        @Override
        public void publish(Flag flag, boolean firstOfAccount) {
            flags.add(flag);
        }

        /** "signal account" of each flag, once. */
        Set<String> keys() {
            Set<String> keys = new TreeSet<>();
            flags.forEach(f -> keys.add(f.signal().id() + " " + f.account()));
            return keys;
        }
    }

    /** One app node: an engine on a Redis store, with what reached its sinks. */
    record Node(Engine engine, RedisStateStore store, Collected sink) implements AutoCloseable {

        static Node on(LoginTelemetryConfig config, String name) {
            return on(config, name, false);
        }

        /** @param clusterScripts whether to send each event in the three per-shard scripts of Redis Cluster */
        static Node on(LoginTelemetryConfig config, String name, boolean clusterScripts) {
            RedisStateStore store = clusterScripts ? RedisStateStore.createWithClusterScripts(config) : RedisStateStore.create(config);
            Collected sink = new Collected();
            Engine engine = Engine.builder(config).stateStore(store).sink(sink).node(name).build();
            return new Node(engine, store, sink);
        }

        /** A node of the web application at {@code contextPath}: its store made as the servlet glue makes it. */
        static Node forWebapp(LoginTelemetryConfig config, String name, String contextPath) {
            RedisStateStore store = (RedisStateStore) new RedisStateStoreProvider().create(config, contextPath);
            Collected sink = new Collected();
            Engine engine = Engine.builder(config).stateStore(store).sink(sink).node(name).build();
            return new Node(engine, store, sink);
        }

        @Override
        public void close() {
            engine.close();
        }
    }

    /** Gives the events to the nodes in turn, as a round-robin load balancer would, and waits for them to settle. */
    static void roundRobin(List<Node> nodes, List<Event> events) throws InterruptedException {
        for (int i = 0; i < events.size(); i++) {
            nodes.get(i % nodes.size()).engine().accept(events.get(i));
        }
        settle(nodes);
    }

    /** The "signal account" keys of the flags the nodes delivered, together. */
    static Set<String> delivered(List<Node> nodes) {
        Set<String> keys = new TreeSet<>();
        nodes.forEach(n -> keys.addAll(n.sink().keys()));
        return keys;
    }

    /** Flags delivered more than once for one account, signal and severity, across all nodes. */
    static Map<String, Integer> repeats(List<Node> nodes) {
        Map<String, Integer> counts = new HashMap<>();
        for (Node n : nodes) {
            for (Flag f : n.sink().flags) {
                counts.merge(f.signal().id() + " " + f.account() + " " + f.severity(), 1, Integer::sum);
            }
        }
        counts.values().removeIf(c -> c == 1);
        return counts;
    }

    /** Waits (at most 20 s) until a node that cannot reach Redis has delivered {@code n} flags without the cluster check. */
    static void awaitUnchecked(Node node, long n) throws InterruptedException {
        long end = System.nanoTime() + 20_000_000_000L;
        while (node.store().counters().get("redis.flags_unchecked") < n && System.nanoTime() < end) {
            Thread.sleep(20);
        }
    }

    /** Waits until every node's worker is idle twice in a row (one node's work can give another some). */
    static void settle(List<Node> nodes) throws InterruptedException {
        for (int round = 0; round < 3; round++) {
            for (Node n : nodes) {
                if (!n.store().awaitIdle(Duration.ofSeconds(30))) {
                    throw new AssertionError("node did not settle: " + n.store().counters());
                }
            }
            Thread.sleep(100);
        }
    }

    /** The flags of one in-memory engine that sees all of {@code events}. */
    static Set<String> singleNode(List<Event> events) {
        Collected sink = new Collected();
        try (Engine engine = Engine.builder(LoginTelemetryConfig.defaults()).sink(sink).build()) {
            events.forEach(engine::accept);
        }
        return sink.keys();
    }
}
