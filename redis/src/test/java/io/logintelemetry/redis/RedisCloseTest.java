package io.logintelemetry.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.event.Event;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Requests go on while the application shuts down: the events they give a closed store are counted
 * as dropped, never queued for a worker that has stopped.
 */
class RedisCloseTest {

    @Test
    void eventsGivenAfterCloseAreCountedAsDroppedNotQueued() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            Traffic.Node node = Traffic.Node.on(Traffic.config(redis.uri()), "n1");
            List<Event> before = Traffic.burst("a-", 0, 2, 2);
            before.forEach(node.engine()::accept);
            Traffic.settle(List.of(node));
            node.close();
            Map<String, Long> closed = node.store().counters();
            assertThat(closed.get("redis.queued")).as("every event shared before close").isEqualTo(before.size());
            assertThat(closed.get("redis.queue_size")).isZero();

            List<Event> after = Traffic.burst("b-", 60, 2, 2);
            after.forEach(node.engine()::accept); // the host still serves requests; none throws
            Map<String, Long> counters = node.store().counters();
            assertThat(counters.get("redis.dropped") - closed.get("redis.dropped")).isEqualTo(after.size());
            assertThat(counters.get("redis.queued")).isEqualTo(closed.get("redis.queued"));
            assertThat(counters.get("redis.queue_size")).as("nothing waits for the stopped worker").isZero();
        }
    }
}
