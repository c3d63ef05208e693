package io.logintelemetry.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.engine.Engine;
import io.logintelemetry.event.Event;
import io.logintelemetry.flag.Flag;
import io.logintelemetry.sink.FlagSink;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The worker's batches on a single server: many events queued at once while the worker is held up,
 * a few accounts with many events among many accounts with one or two, and Redis failing while a
 * batch waits for its answers. Redis must end up with each event once, each account's in the order
 * queued.
 */
class PipelineTest {

    private RedisServer redis;
    private final List<Traffic.Node> nodes = new ArrayList<>();

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisServer.start();
    }

    @AfterEach
    void stop() throws Exception {
        nodes.forEach(Traffic.Node::close);
        redis.close();
    }

    /**
     * A second node's events for the busy accounts are already in Redis: each must be folded in once,
     * which only holds when an account's events go one after the other, each with the cursor the
     * previous answer returned. Sending two of one account in a batch folds them in twice; applying the
     * answers out of order moves the cursor back.
     */
    @Test
    void eventsQueuedWhileRedisIsPausedAreAppliedOnceEachInQueueOrder() throws Exception {
        LoginTelemetryConfig config = Traffic.config(redis.uri(), "logintelemetry.state.redis.timeout", "PT10S");
        Traffic.Node other = node(config, "other");
        List<Event> earlier = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            earlier.add(login("busy" + i % 3, Traffic.T0 - Traffic.MIN * 60 + i * 1000L));
        }
        earlier.forEach(other.engine()::accept);
        Traffic.settle(List.of(other));

        Traffic.Node node = warmNode(config);
        // A server that lost its scripts answers the first batch NOSCRIPT: each is run again by its text.
        redis.cli("script", "flush");
        redis.cli("client", "pause", "2000", "all");
        List<Event> events = mixed(600, i -> i % 5 == 0 ? "busy" + (i / 5) % 3 : "quiet" + i % 200);
        events.forEach(node.engine()::accept);
        assertThat(applied(node)).as("nothing applied while Redis is paused").isEqualTo(1);
        Traffic.settle(List.of(node));

        Map<String, Long> counters = node.store().counters();
        assertThat(counters).containsEntry("redis.applied", 1L + events.size()).containsEntry("redis.dropped", 0L)
                .containsEntry("redis.failures", 0L).containsEntry("redis.up", 1L);
        assertThat(counters.get("redis.merged")).as("the other node's events, each folded in once").isEqualTo(earlier.size());
        // Busy accounts' next events wait for their turn while the others fill the batch: one event per round trip would be 600.
        assertThat(counters.get("redis.batches")).as("round trips").isLessThan(events.size() / 5);
        assertHeldOnceInOrder(events, earlier);
    }

    /**
     * Killed while the scripts of a full batch wait in the paused server, unanswered: every event is
     * sent again, once. To have a full batch in flight, the worker is held (in a sink, delivering a
     * flag) while Redis is paused and the events are queued; let go, it takes the first 64 and sends them.
     */
    @Test
    void redisKilledWhileABatchWaitsForItsAnswersLosesNoEventAndAppliesNoneTwice() throws Exception {
        LoginTelemetryConfig config = Traffic.config(redis.uri(), "logintelemetry.state.redis.timeout", "PT3S");
        HoldingSink sink = new HoldingSink();
        RedisStateStore store = RedisStateStore.create(config);
        Engine engine = Engine.builder(config).stateStore(store).sink(sink).node("node").build();
        Traffic.Node node = new Traffic.Node(engine, store, new Traffic.Collected());
        nodes.add(node);
        // Four networks within half an hour: one ip.churn flag, raised by the fourth, delivered by the worker,
        // which the sink holds. The first three are applied before, so that the batch taken next is full.
        for (int i = 0; i < 4; i++) {
            engine.accept(Traffic.login("churner", Traffic.T0 - Traffic.MIN * (120 - 10 * i), "198.19." + (10 + i) + ".1", null, "c"));
            if (i == 2) {
                Traffic.settle(List.of(node));
                assertThat(sink.flags).hasValue(0);
            }
        }
        assertThat(sink.entered.await(20, TimeUnit.SECONDS)).as("the worker delivers the flag").isTrue();
        redis.cli("client", "pause", "60000", "all");
        List<Event> events = mixed(300, i -> i % 25 == 0 ? "busy" + (i / 25) % 3 : "quiet" + i % 100);
        events.forEach(engine::accept);
        long before = applied(node);
        sink.release.countDown();
        Thread.sleep(500); // the worker has sent the first 64 events (one per account) and waits for their answers
        assertThat(applied(node)).isEqualTo(before);

        redis.kill();
        awaitCounter(node, "redis.failures", 1); // the batch's answers did not come
        assertThat(applied(node)).isEqualTo(before);
        redis.restart(); // empty: the killed server kept nothing, so Redis must hold exactly what is sent from now on
        Traffic.settle(List.of(node));

        assertThat(store.counters()).containsEntry("redis.applied", 4L + events.size())
                .containsEntry("redis.dropped", 0L).containsEntry("redis.up", 1L);
        assertThat(sink.flags).as("flags delivered").hasValue(1);
        assertHeldOnceInOrder(events, List.of());
    }

    /** Holds the first flag's delivery, and so the worker, until released. */
    private static final class HoldingSink implements FlagSink {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger flags = new AtomicInteger();

        @Override
        public void publish(Flag flag, boolean firstOfAccount) {
            flags.incrementAndGet();
            entered.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Redis refuses (NOPERM) the keys of the accounts named "b...", and only those: in each batch
     * their scripts fail while the others' succeed. The refused event keeps its place and is sent
     * again; the others are applied once; the refused account's next event waits for it, and
     * everything else goes on.
     */
    @Test
    void aScriptRefusedInTheMiddleOfABatchIsSentAgainWhileTheOthersAreAppliedOnce() throws Exception {
        LoginTelemetryConfig config = Traffic.config(redis.uri(), "logintelemetry.state.redis.timeout", "PT2S");
        Traffic.Node node = warmNode(config);
        assertThat(redis.cli("acl", "setuser", "default", "resetkeys", "~lt:a:{[^b]*", "~lt:ip:*", "~lt:d:*", "~lt:node:*",
                "~lt:f:*").trim()).isEqualTo("OK");
        List<Event> events = mixed(200, i -> i == 10 || i == 120 ? "b-late" : i % 30 == 0 ? "a-busy" : "a-" + i);
        events.forEach(node.engine()::accept);

        // Everything but the refused account's two events goes through; those wait.
        long others = 1 + events.size() - 2;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (applied(node) < others && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        Thread.sleep(500);
        assertThat(applied(node)).isEqualTo(others);
        assertThat(node.store().counters().get("redis.failures")).isPositive();
        assertThat(node.store().counters().get("redis.skipped")).as("refused for now, not for good").isZero();

        assertThat(redis.cli("acl", "setuser", "default", "allkeys").trim()).isEqualTo("OK");
        Traffic.settle(List.of(node));
        assertThat(node.store().counters()).containsEntry("redis.applied", 1L + events.size())
                .containsEntry("redis.dropped", 0L).containsEntry("redis.up", 1L);
        assertHeldOnceInOrder(events, List.of());
    }

    /**
     * Redis busy (a long script from another client) past the command timeout: the batch's scripts
     * wait in the server and time out in the node, which sends them again; then Redis runs both the
     * first scripts and the retries. The retries must find their events already in the log and add
     * nothing.
     */
    @Test
    void scriptsThatRanAfterTheirTimeoutAreNotRecordedAgainByTheRetry() throws Exception {
        LoginTelemetryConfig config = Traffic.config(redis.uri(), "logintelemetry.state.redis.timeout", "PT0.3S");
        Traffic.Node node = warmNode(config);
        Thread blocker = blockRedis(1_500);
        List<Event> events = mixed(120, i -> i % 4 == 0 ? "busy" + (i / 4) % 5 : "quiet" + i);
        events.forEach(node.engine()::accept);
        blocker.join(10_000);
        Traffic.settle(List.of(node));

        assertThat(node.store().counters().get("redis.failures")).as("commands timed out").isPositive();
        assertThat(node.store().counters()).containsEntry("redis.applied", 1L + events.size()).containsEntry("redis.up", 1L);
        assertHeldOnceInOrder(events, List.of());
    }

    /**
     * A key of an account holds another type (written by something else sharing the Redis): its
     * scripts fail every time. Its events are skipped, counted and logged, and every other event is
     * applied once; retrying them would hold up that account's later events, and the batches, for good.
     */
    @Test
    void eventsRedisRefusesForGoodAreSkippedAndTheRestGoThrough() throws Exception {
        LoginTelemetryConfig config = Traffic.config(redis.uri(), "logintelemetry.state.redis.timeout", "PT2S");
        Traffic.Node node = warmNode(config);
        assertThat(redis.cli("set", "lt:a:{broken}:ev", "not a sorted set").trim()).isEqualTo("OK");
        List<Event> events = mixed(100, i -> i == 10 || i == 60 ? "broken" : "fine" + i);
        events.forEach(node.engine()::accept);
        Traffic.settle(List.of(node));

        assertThat(node.store().counters()).containsEntry("redis.skipped", 2L)
                .containsEntry("redis.applied", 1L + events.size() - 2).containsEntry("redis.up", 1L);
        List<Event> shared = events.stream().filter(e -> !e.account().equals("broken")).toList();
        assertHeldOnceInOrder(shared, List.of());
    }

    /**
     * The cluster-wide check of a flag (a script too) runs in Redis after it timed out in the node: the
     * retry finds the node's own record of that flag and delivers it, rather than taking it for
     * another node's and suppressing it, which would leave the flag delivered by nobody. The flag is
     * raised by a request the worker leaves out (a minute after the last one shared, same address), so
     * that the flag's check is the first command the worker sends while Redis is busy.
     */
    @Test
    void aFlagWhoseCheckRanAfterItsTimeoutIsStillDeliveredOnce() throws Exception {
        LoginTelemetryConfig config = Traffic.config(redis.uri(), "logintelemetry.state.redis.timeout", "PT0.3S",
                "logintelemetry.detector.session.long.max-duration", "PT1H");
        Traffic.Node node = warmNode(config);
        long start = Traffic.T0 - Traffic.MIN * 120;
        node.engine().accept(Traffic.login("stayer", start, "192.0.2.50", null, "s"));
        node.engine().accept(request("stayer", start + Traffic.MIN * 59 + 50_000));
        Traffic.settle(List.of(node));
        assertThat(node.sink().flags).isEmpty();
        // Loaded, as after any earlier flag: the node sends it by its hash (EVALSHA), which then runs late.
        redis.cli("script", "load", Scripts.FLAG_ONCE);
        Thread blocker = blockRedis(1_500);
        node.engine().accept(request("stayer", start + Traffic.MIN * 60 + 10_000)); // past an hour: session.long
        blocker.join(10_000);
        Traffic.settle(List.of(node));

        assertThat(node.store().counters().get("redis.coalesced")).as("the request left out").isEqualTo(1L);
        assertThat(node.store().counters().get("redis.failures")).as("the check timed out").isPositive();
        assertThat(node.sink().flags).extracting(f -> f.signal().id()).containsExactly("session.long");
        assertThat(node.store().counters()).containsEntry("redis.flags_delivered", 1L).containsEntry("redis.flags_unchecked", 0L);
    }

    private static Event request(String account, long time) {
        return Event.builder(io.logintelemetry.event.EventType.REQUEST, time).account(account)
                .ip(io.logintelemetry.net.IpAddress.parse("192.0.2.50").orElseThrow()).session(account + "-s")
                .userAgent(Traffic.CHROME).build();
    }

    /** Keeps Redis busy with a script from another client for {@code millis}: it answers nobody meanwhile. */
    private Thread blockRedis(long millis) throws InterruptedException {
        String busy = "local t = redis.call('TIME') local start = t[1] * 1000000 + t[2] "
                + "while true do local n = redis.call('TIME') if n[1] * 1000000 + n[2] - start > " + millis * 1000
                + " then break end end return 1";
        Thread blocker = new Thread(() -> {
            try {
                redis.cli("eval", busy, "0");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        blocker.start();
        // Until a PING goes unanswered for 100 ms: the script runs.
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            try (java.net.Socket probe = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), redis.port())) {
                probe.setSoTimeout(100);
                probe.getOutputStream().write("PING\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                probe.getInputStream().read();
                Thread.sleep(10);
            } catch (java.net.SocketTimeoutException unanswered) {
                return blocker;
            } catch (java.io.IOException e) {
                Thread.sleep(10);
            }
        }
        throw new AssertionError("Redis never got busy");
    }

    private Traffic.Node node(LoginTelemetryConfig config, String name) {
        Traffic.Node node = Traffic.Node.on(config, name);
        nodes.add(node);
        return node;
    }

    /** A node that has applied one event (so it is connected), of an account no test looks at. */
    private Traffic.Node warmNode(LoginTelemetryConfig config) throws InterruptedException {
        Traffic.Node node = node(config, "node");
        node.engine().accept(Traffic.login("warm-up", Traffic.T0 - Traffic.MIN * 120, "192.0.2.200", null, "w"));
        Traffic.settle(List.of(node));
        assertThat(applied(node)).isEqualTo(1);
        return node;
    }

    /** Waits (at most 20 s) until the node's {@code counter} reaches {@code n}. */
    private static void awaitCounter(Traffic.Node node, String counter, long n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (node.store().counters().get(counter) < n && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertThat(node.store().counters().get(counter)).as(counter).isGreaterThanOrEqualTo(n);
    }

    private static long applied(Traffic.Node node) {
        return node.store().counters().get("redis.applied");
    }

    /** {@code n} logins one second apart, the i-th by {@code account.apply(i)}; each account on an address of its own. */
    private static List<Event> mixed(int n, IntFunction<String> account) {
        Map<String, String> addresses = new HashMap<>();
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String a = account.apply(i);
            String ip = addresses.computeIfAbsent(a, k -> "198.18." + addresses.size() / 250 + "." + (addresses.size() % 250 + 1));
            events.add(Traffic.login(a, Traffic.T0 + i * 1000L, ip, null, "s"));
        }
        return events;
    }

    private static Event login(String account, long time) {
        return Traffic.login(account, time, "192.0.2.1", null, "o");
    }

    /**
     * Redis holds each account's events exactly once and in the order queued: {@code earlier} (another
     * node's, before) and then {@code events}, by sequence number.
     */
    private void assertHeldOnceInOrder(List<Event> events, List<Event> earlier) {
        Map<String, List<Long>> expected = new LinkedHashMap<>();
        for (Event e : earlier) {
            expected.computeIfAbsent(e.account(), a -> new ArrayList<>()).add(e.timestamp());
        }
        for (Event e : events) {
            expected.computeIfAbsent(e.account(), a -> new ArrayList<>()).add(e.timestamp());
        }
        RedisClient client = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            RedisCommands<String, String> r = c.sync();
            for (Map.Entry<String, List<Long>> e : expected.entrySet()) {
                String key = "lt:a:{" + e.getKey() + "}:";
                List<Long> held = r.zrange(key + "ev", 0, -1).stream().map(EventCodec::decode).map(Event::timestamp).toList();
                assertThat(held).as("events of %s in Redis, by sequence number", e.getKey()).isEqualTo(e.getValue());
                assertThat(r.get(key + "seq")).as("sequence of %s", e.getKey()).isEqualTo(String.valueOf(e.getValue().size()));
            }
        } finally {
            client.shutdown();
        }
    }
}
