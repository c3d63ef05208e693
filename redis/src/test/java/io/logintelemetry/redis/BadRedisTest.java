package io.logintelemetry.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logintelemetry.config.ConfigException;
import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.event.Event;
import io.logintelemetry.state.StateStore;
import io.logintelemetry.state.StateStoreProvider;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Unusable settings stop the start naming their key; a Redis that refuses us never reaches a request. */
class BadRedisTest {

    @Test
    void eachWebAppGetsAKeySpaceNoOtherNameCanReach() {
        assertThat(RedisSettings.keySpace("/shop")).isEqualTo("shop");
        assertThat(RedisSettings.keySpace("ROOT")).isEqualTo("ROOT");
        assertThat(RedisSettings.keySpace("")).isEqualTo("ROOT");
        assertThat(RedisSettings.keySpace("/a/b")).isEqualTo("a%2Fb").isNotEqualTo(RedisSettings.keySpace("/a.b"));
        assertThat(RedisSettings.keySpace("/a{b}")).isEqualTo("a%7Bb%7D");
        assertThat(RedisSettings.keySpace("/caf\u00e9 x")).isEqualTo("caf%C3%A9%20x");
    }

    @Test
    void theProviderIsFoundByTheConfiguredName() {
        StateStore store = StateStoreProvider.discover(getClass().getClassLoader(),
                Traffic.config("redis://127.0.0.1:1"), "ROOT");
        try {
            assertThat(store).isInstanceOf(RedisStateStore.class);
        } finally {
            store.close();
        }
        assertThat(StateStoreProvider.discover(getClass().getClassLoader(), LoginTelemetryConfig.defaults(), "ROOT")).isNull();
    }

    @Test
    void aMissingUriNamesTheKey() {
        LoginTelemetryConfig config = LoginTelemetryConfig.from(Map.of("logintelemetry.state.store", "redis"));
        assertThatThrownBy(() -> StateStoreProvider.discover(getClass().getClassLoader(), config, "ROOT"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("logintelemetry.state.redis.uri");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:6379", "127.0.0.1:6379", "redis://:s3cret-pw@", "redis-sentinel://a:1#m,redis://b:2",
            "redis://", "redis://:s3cret-pw@127.0.0.1:1,http://127.0.0.1:2"})
    void anUnusableUriNamesTheKeyAndNeverShowsThePassword(String uri) {
        assertThatThrownBy(() -> RedisStateStore.create(Traffic.config(uri)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("logintelemetry.state.redis.uri")
                .hasMessageNotContaining("s3cret-pw");
    }

    @Test
    void aBadKeyPrefixNamesItsKey() {
        assertThatThrownBy(() -> RedisStateStore.create(Traffic.config("redis://127.0.0.1:1",
                "logintelemetry.state.redis.key-prefix", "a{b}")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("logintelemetry.state.redis.key-prefix");
    }

    @Test
    void clusterSentinelAndTlsUrisAreAccepted() {
        assertThat(RedisSettings.from(Traffic.config("redis://10.0.0.1:7000, redis://10.0.0.2:7001")).cluster()).isTrue();
        assertThat(RedisSettings.from(Traffic.config("redis-sentinel://10.0.0.1:26379,10.0.0.2:26379#mymaster"))
                .describe()).contains("sentinel").contains("mymaster");
        assertThat(RedisSettings.from(Traffic.config("rediss://:pw@10.0.0.1:6380")).describe())
                .isEqualTo("rediss://10.0.0.1:6380");
    }

    @Test
    void aWrongPasswordDegradesToLocalDetectionWithoutFailingACall() throws Exception {
        try (RedisServer redis = RedisServer.start("--requirepass", "right-password")) {
            LoginTelemetryConfig config = Traffic.config("redis://127.0.0.1:" + redis.port(),
                    "logintelemetry.state.redis.password", "wrong-password");
            try (Traffic.Node node = Traffic.Node.on(config, "n1")) {
                List<Event> events = Traffic.burst("", 0, 2, 2);
                events.forEach(node.engine()::accept); // none throws
                // The worker finds out (connecting takes a moment to fail) and delivers the flags unchecked.
                Traffic.awaitUnchecked(node, 2);
                Map<String, Long> counters = node.store().counters();
                assertThat(counters.get("redis.up")).isZero();
                assertThat(counters.get("redis.failures")).isPositive();
                // One node seeing everything still flags, unchecked, from its own state.
                assertThat(node.sink().keys()).contains("ip.churn churn0", "ip.fanout fan0");
                assertThat(counters.get("redis.flags_unchecked")).isPositive();
            }
        }
    }

    @Test
    void theRightPasswordFromItsOwnKeyConnects() throws Exception {
        try (RedisServer redis = RedisServer.start("--requirepass", "right-password")) {
            LoginTelemetryConfig config = Traffic.config("redis://127.0.0.1:" + redis.port(),
                    "logintelemetry.state.redis.password", "right-password");
            try (Traffic.Node node = Traffic.Node.on(config, "n1")) {
                Traffic.burst("", 0, 2, 2).forEach(node.engine()::accept);
                Traffic.settle(List.of(node));
                assertThat(node.store().counters()).containsEntry("redis.up", 1L).containsEntry("redis.failures", 0L);
                assertThat(node.sink().keys()).contains("ip.churn churn0");
            }
        }
    }
}
