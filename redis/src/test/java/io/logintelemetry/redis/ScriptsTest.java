package io.logintelemetry.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The account script on a real redis-server, in states the worker alone does not easily produce. */
class ScriptsTest {

    private static final String[] KEYS = {"t:a:{x}:seq", "t:a:{x}:ev", "t:a:{x}:h"};

    private RedisServer redis;
    private RedisClient client;
    private RedisCommands<String, String> r;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.start();
        client = RedisClient.create(redis.uri());
        StatefulRedisConnection<String, String> c = client.connect();
        r = c.sync();
    }

    @AfterEach
    void stop() throws Exception {
        client.shutdown();
        redis.close();
    }

    private List<Object> event(String encoded, long cursor) {
        return r.eval(Scripts.ACCOUNT_EVENT, ScriptOutputType.MULTI, KEYS, encoded, String.valueOf(cursor), "490000",
                "86400000", "2000", "489800");
    }

    @Test
    void anEventSentAgainIsRecognisedEvenWhenItsCounterIsGone() {
        assertThat(event("n1\u001fLOGIN\u001f1\u001fx\u001f\u001f\u001f\u001f1", 0)).containsExactly(1L, List.of());
        r.del(KEYS[0]); // evicted or deleted, while the log stays

        List<Object> again = event("n1\u001fLOGIN\u001f1\u001fx\u001f\u001f\u001f\u001f1", 0);
        assertThat(again.get(0)).isEqualTo(1L);
        assertThat(r.zcard(KEYS[1])).isEqualTo(1);
        assertThat(r.hget(KEYS[2], "490000")).as("counted once").isEqualTo("1");
    }

    @Test
    void numberingGoesOnAboveTheLogWhenTheCounterIsGone() {
        event("n1\u001fLOGIN\u001f1\u001fx\u001f\u001f\u001f\u001f1", 0);
        event("n2\u001fLOGIN\u001f2\u001fx\u001f\u001f\u001f\u001f1", 0);
        r.del(KEYS[0]);

        List<Object> next = event("n1\u001fLOGIN\u001f3\u001fx\u001f\u001f\u001f\u001f2", 1);
        assertThat(next.get(0)).as("after the log's last, so another node's cursor (2) still sees it").isEqualTo(3L);
        assertThat(next.get(1)).as("the other node's event after this node's cursor").asList().hasSize(1);
        assertThat(r.get(KEYS[0])).isEqualTo("3");
        assertThat(r.zcard(KEYS[1])).isEqualTo(3);
    }
}
