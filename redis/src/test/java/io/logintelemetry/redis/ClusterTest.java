package io.logintelemetry.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.logintelemetry.action.Action;
import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.engine.Outcome;
import io.logintelemetry.event.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Engines sharing a real redis-server, as app nodes behind a load balancer would. */
class ClusterTest {

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

    private List<Traffic.Node> threeNodes(LoginTelemetryConfig config) {
        for (int i = 1; i <= 3; i++) {
            nodes.add(Traffic.Node.on(config, "node" + i));
        }
        return nodes;
    }

    @Test
    void threeNodesRoundRobinRaiseWhatOneNodeSeeingEverythingRaises() throws Exception {
        List<Event> events = Traffic.burst("", 0, 6, 10);
        Set<String> expected = Traffic.singleNode(events);
        assertThat(expected).as("the workload needs all its events to flag")
                .contains("ip.churn churn0", "ip.fanout fan0", "device.fanout dev0");

        // Each node alone raises none of it: what it sees is a third of each pattern.
        for (int node = 0; node < 3; node++) {
            List<Event> third = new ArrayList<>();
            for (int i = node; i < events.size(); i += 3) {
                third.add(events.get(i));
            }
            assertThat(Traffic.singleNode(third)).as("flags of node %d alone", node).isEmpty();
        }
        threeNodes(Traffic.config(redis.uri()));
        Traffic.roundRobin(nodes, events);

        assertThat(Traffic.delivered(nodes)).isEqualTo(expected);
        assertThat(Traffic.repeats(nodes)).as("each flag delivered once cluster-wide").isEmpty();
        long merged = nodes.stream().mapToLong(n -> n.store().counters().get("redis.merged")).sum();
        assertThat(merged).isPositive();
    }

    @Test
    void twoWebAppsOnOneRedisKeepTheirStateApart() throws Exception {
        // Two nodes of /shop and one of /admin, one configuration (as the Java agent or environment
        // variables give every web application of a JVM): round-robin, each application gets part
        // of each pattern.
        LoginTelemetryConfig config = Traffic.config(redis.uri());
        nodes.add(Traffic.Node.forWebapp(config, "shop1", "/shop"));
        nodes.add(Traffic.Node.forWebapp(config, "shop2", "/shop"));
        nodes.add(Traffic.Node.forWebapp(config, "admin1", "/admin"));
        List<Event> events = Traffic.burst("", 0, 6, 10);
        List<Event> shop = new ArrayList<>();
        List<Event> admin = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            (i % 3 == 2 ? admin : shop).add(events.get(i));
        }
        Set<String> shopAlone = Traffic.singleNode(shop);
        Set<String> adminAlone = Traffic.singleNode(admin);
        assertThat(Traffic.singleNode(events)).as("state shared by both would flag more").isNotEqualTo(shopAlone);

        Traffic.roundRobin(nodes, events);

        assertThat(Traffic.delivered(nodes.subList(0, 2))).isEqualTo(shopAlone);
        assertThat(Traffic.delivered(nodes.subList(2, 3))).isEqualTo(adminAlone);
        assertThat(redis.cli("exists", "lt:shop:a:{churn0}:seq", "lt:admin:a:{churn0}:seq").trim()).isEqualTo("2");
    }

    @Test
    void aFlagRaisedOnTheMergedStateActsOnTheAccountsFollowingRequests() throws Exception {
        threeNodes(Traffic.config(redis.uri(), "logintelemetry.detector.ip.churn.action", "mark"));
        List<Event> events = Traffic.burst("", 0, 1, 0);
        for (int i = 0; i < events.size(); i++) {
            Outcome outcome = nodes.get(i % 3).engine().decide(events.get(i));
            assertThat(outcome.action()).as("no node alone sees four networks").isEqualTo(Action.LOG);
        }
        Traffic.settle(nodes);
        assertThat(Traffic.delivered(nodes)).contains("ip.churn churn0");

        // Each node that raised it (inline or on the merged state) answers the account's next request
        // with the action, the 30 minutes counted from the newest event it had merged.
        long later = Traffic.T0 + 50 * Traffic.MIN;
        int raisedOn = 0;
        for (Traffic.Node n : nodes) {
            boolean raised = n.engine().summarize("churn0").signals().contains(io.logintelemetry.flag.Signal.IP_CHURN);
            Action next = n.engine().decide(Traffic.login("churn0", later, "198.18.10.1", null, "next")).action();
            if (raised) {
                raisedOn++;
                assertThat(next).isEqualTo(Action.MARK);
            }
        }
        assertThat(raisedOn).isPositive();
    }

    @Test
    void redisKilledAndRestartedNeitherFailsNorBlocksCallsAndFlagsResume() throws Exception {
        threeNodes(Traffic.config(redis.uri()));
        List<Event> before = Traffic.burst("a-", 0, 4, 5);
        feed(before);
        Traffic.settle(nodes);
        Set<String> beforeFlags = Traffic.delivered(nodes);
        assertThat(beforeFlags).contains("ip.churn a-churn0");

        redis.kill();
        // Down: the same accounts go on, and new ones come; every call returns at once.
        List<Event> during = new ArrayList<>(Traffic.burst("a-", 60, 4, 5));
        during.addAll(Traffic.burst("b-", 60, 2, 3));
        long slowest = feed(during);
        assertThat(slowest).as("slowest call while Redis is down, ms").isLessThan(250);
        Thread.sleep(1500); // the workers notice
        assertThat(nodes.get(0).store().counters().get("redis.up")).isZero();

        redis.restart();
        waitUntilUp();
        List<Event> after = new ArrayList<>(Traffic.burst("a-", 120, 4, 5));
        after.addAll(Traffic.burst("c-", 120, 4, 5));
        feed(after);
        Traffic.settle(nodes);

        Set<String> all = Traffic.delivered(nodes);
        assertThat(all).as("flags resume after recovery").contains("ip.churn c-churn0", "ip.fanout c-fan0",
                "device.fanout c-dev0");
        assertThat(Traffic.repeats(nodes)).as("nothing delivered twice").isEmpty();
    }

    /** One node sends each event in one script (a single server), the other in Redis Cluster's three. */
    @Test
    void twoNodesRacingOnOneAccountLoseNoUpdate() throws Exception {
        LoginTelemetryConfig config = Traffic.config(redis.uri());
        Traffic.Node a = Traffic.Node.on(config, "a", false);
        Traffic.Node b = Traffic.Node.on(config, "b", true);
        nodes.add(a);
        nodes.add(b);
        int threads = 8;
        int perThread = 100;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Traffic.Node node = t % 2 == 0 ? a : b;
            done.add(pool.submit(() -> {
                for (int i = 0; i < perThread; i++) {
                    long time = Traffic.T0 + (thread * perThread + i) * 1000L;
                    node.engine().accept(Traffic.login("racer", time, "198.51.100." + (thread + 1), null, "s" + thread));
                    node.engine().accept(Traffic.login("x" + thread + "-" + i, time, "203.0.113.9", null, "s"));
                }
            }));
        }
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        Traffic.settle(nodes);

        int total = threads * perThread;
        RedisClient client = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            var r = c.sync();
            assertThat(r.get("lt:a:{racer}:seq")).isEqualTo(String.valueOf(total));
            assertThat(r.zcard("lt:a:{racer}:ev")).isEqualTo(total);
            long counted = r.hvals("lt:a:{racer}:h").stream().mapToLong(Long::parseLong).sum();
            assertThat(counted).isEqualTo(total);
            assertThat(r.zcard("lt:ip:198.51.100.1")).isEqualTo(1);
            assertThat(r.zcard("lt:ip:203.0.113.9")).isEqualTo(total);
            assertThat(r.pttl("lt:ip:203.0.113.9")).isPositive();
        } finally {
            client.shutdown();
        }
        assertThat(a.store().counters().get("redis.dropped") + b.store().counters().get("redis.dropped")).isZero();
    }

    /** Feeds events round-robin; returns the slowest call in milliseconds. */
    private long feed(List<Event> events) {
        long slowest = 0;
        for (int i = 0; i < events.size(); i++) {
            long t = System.nanoTime();
            nodes.get(i % nodes.size()).engine().accept(events.get(i));
            slowest = Math.max(slowest, (System.nanoTime() - t) / 1_000_000);
        }
        return slowest;
    }

    private void waitUntilUp() throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            boolean all = true;
            for (Traffic.Node n : nodes) {
                // A worker with nothing to do notices only with its next command: give it one.
                all &= n.store().counters().get("redis.up") == 1;
            }
            if (all) {
                return;
            }
            Thread.sleep(50);
        }
    }
}
