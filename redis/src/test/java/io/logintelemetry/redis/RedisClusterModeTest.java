package io.logintelemetry.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.event.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The store on a real Redis Cluster (three masters started by the test): keys spread over shards. */
class RedisClusterModeTest {

    private List<RedisServer> cluster = List.of();
    private final List<Traffic.Node> nodes = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        nodes.forEach(Traffic.Node::close);
        for (RedisServer s : cluster) {
            s.close();
        }
    }

    @Test
    void threeNodesOnARedisClusterRaiseWhatOneNodeSeeingEverythingRaises() throws Exception {
        cluster = RedisServer.startCluster();
        String uri = cluster.subList(0, 2).stream().map(RedisServer::uri).collect(Collectors.joining(","));
        List<Event> events = Traffic.burst("", 0, 6, 10);
        Set<String> expected = Traffic.singleNode(events);
        for (int i = 1; i <= 3; i++) {
            nodes.add(Traffic.Node.on(Traffic.config(uri), "node" + i));
        }
        Traffic.roundRobin(nodes, events);

        for (Traffic.Node n : nodes) {
            assertThat(n.store().counters()).containsEntry("redis.failures", 0L).containsEntry("redis.up", 1L);
        }
        assertThat(Traffic.delivered(nodes)).isEqualTo(expected);
        assertThat(Traffic.repeats(nodes)).as("each flag delivered once cluster-wide").isEmpty();
        // The keys really are spread: every master holds some.
        for (RedisServer s : cluster) {
            assertThat(s.cli("dbsize").trim()).isNotEqualTo("0");
        }
    }
}
