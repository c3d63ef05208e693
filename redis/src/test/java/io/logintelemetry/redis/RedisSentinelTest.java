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
    private RedisServer sentinel;
    private final List<Traffic.Node> nodes = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        nodes.forEach(Traffic.Node::close);
        if (sentinel != null) {
            sentinel.close();
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
}
