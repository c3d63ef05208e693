package io.logintelemetry.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.event.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** redis-sentinel:// against a real Sentinel watching a real master, both started by the test. */
class RedisSentinelTest {

    private RedisServer master;
    private RedisServer replica;
    private RedisServer sentinel;
    private final List<Traffic.Node> nodes = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        nodes.forEach(Traffic.Node::close);
        if (sentinel != null) {
            sentinel.close();
        }
        if (replica != null) {
            replica.close();
        }
        if (master != null) {
            master.close();
        }
    }

    @Test
    void nodesFindTheMasterThroughSentinelAndRaiseCrossNodeFlags() throws Exception {
        master = RedisServer.start();
        sentinel = RedisServer.startSentinel(master);
        String uri = "redis-sentinel://127.0.0.1:" + sentinel.port() + "#mymaster";

        List<Event> events = Traffic.burst("", 0, 6, 10);
        Set<String> expected = Traffic.singleNode(events);
        assertThat(expected).contains("ip.churn churn0", "ip.fanout fan0", "device.fanout dev0");
        for (int i = 1; i <= 3; i++) {
            nodes.add(Traffic.Node.on(Traffic.config(uri), "node" + i));
        }
        Traffic.roundRobin(nodes, events); // no node alone sees enough (see ClusterTest)

        for (Traffic.Node n : nodes) {
            assertThat(n.store().counters()).containsEntry("redis.up", 1L).containsEntry("redis.failures", 0L);
        }
        assertThat(Traffic.delivered(nodes)).isEqualTo(expected);
        // The events went to the master Sentinel named, not anywhere else.
        assertThat(master.cli("get", "lt:a:{churn0}:seq").trim()).isEqualTo("5");
        assertThat(sentinel.cli("sentinel", "get-master-addr-by-name", "mymaster"))
                .contains(String.valueOf(master.port()));
    }

    @Test
    void afterAFailoverTheNodesFollowTheNewMasterAndTheWindowsGoOn() throws Exception {
        master = RedisServer.start();
        replica = RedisServer.start("--replicaof", "127.0.0.1", String.valueOf(master.port()));
        sentinel = RedisServer.startSentinel(master, "sentinel down-after-milliseconds mymaster 1000",
                "sentinel failover-timeout mymaster 10000");
        await("Sentinel knows the replica", () -> sentinel.cli("sentinel", "replicas", "mymaster").contains(String.valueOf(replica.port())));
        String uri = "redis-sentinel://127.0.0.1:" + sentinel.port() + "#mymaster";

        List<Event> events = Traffic.burst("", 0, 6, 10);
        Set<String> expected = Traffic.singleNode(events);
        for (int i = 1; i <= 3; i++) {
            nodes.add(Traffic.Node.on(Traffic.config(uri), "node" + i));
        }
        int half = events.size() / 2;
        Traffic.roundRobin(nodes, events.subList(0, half));
        await("the replica has everything", () -> offset(master, "master_repl_offset") == offset(replica, "slave_repl_offset"));

        master.kill();
        await("Sentinel promoted the replica",
                () -> sentinel.cli("sentinel", "get-master-addr-by-name", "mymaster").contains(String.valueOf(replica.port())));
        // Each node finds out at its next command (its marker check runs every second), loses Redis
        // once, and reconnects through Sentinel to the new master.
        await("every node reconnected", () -> nodes.stream().allMatch(n -> n.store().counters().get("redis.failures") > 0
                && n.store().counters().get("redis.up") == 1L));
        Traffic.roundRobin(nodes, events.subList(half, events.size()));

        // Windows begun before the failover complete after it: the same flags as one node seeing all, each once.
        assertThat(Traffic.delivered(nodes)).isEqualTo(expected);
        assertThat(Traffic.repeats(nodes)).isEmpty();
        assertThat(replica.cli("get", "lt:a:{churn0}:seq").trim()).isEqualTo("5");
    }

    private static long offset(RedisServer server, String field) throws Exception {
        for (String line : server.cli("info", "replication").split("\\R")) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).trim());
            }
        }
        return -1;
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    /** Waits at most 30 s for {@code check}. */
    private static void await(String what, Check check) throws Exception {
        long end = System.nanoTime() + 30_000_000_000L;
        while (!check.holds()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(100);
        }
    }
}
