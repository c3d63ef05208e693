package io.logintelemetry.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logintelemetry.config.ConfigException;
import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.event.Event;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * rediss:// against a real redis-server speaking only TLS, with a certificate from a private CA
 * made by openssl for the test: trusted through state.redis.tls.trust-store, refused otherwise.
 */
class RedisTlsTest {

    @TempDir
    static Path dir;
    private static TestCertificates certs;
    private static RedisServer redis;
    private final List<Traffic.Node> nodes = new ArrayList<>();

    @BeforeAll
    static void startRedis() throws Exception {
        certs = TestCertificates.create(dir.resolve("ca"), "PKCS12");
        redis = RedisServer.startTls(certs);
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    @AfterEach
    void stopNodes() {
        nodes.forEach(Traffic.Node::close);
    }

    private static String uri() {
        return "rediss://127.0.0.1:" + redis.port();
    }

    private static LoginTelemetryConfig trusting(TestCertificates trusted, String type) {
        return Traffic.config(uri(),
                "logintelemetry.state.redis.tls.trust-store", trusted.trustStore().toString(),
                "logintelemetry.state.redis.tls.trust-store-password", trusted.trustStorePassword(),
                "logintelemetry.state.redis.tls.trust-store-type", type);
    }

    @Test
    void threeNodesOnRedissTrustingThePrivateCaShareTheirState() throws Exception {
        List<Event> events = Traffic.burst("", 0, 6, 10);
        Set<String> expected = Traffic.singleNode(events);
        assertThat(expected).contains("ip.churn churn0", "ip.fanout fan0", "device.fanout dev0");
        for (int node = 0; node < 3; node++) {
            List<Event> third = new ArrayList<>();
            for (int i = node; i < events.size(); i += 3) {
                third.add(events.get(i));
            }
            assertThat(Traffic.singleNode(third)).as("flags of node %d alone", node).isEmpty();
        }
        for (int i = 1; i <= 3; i++) {
            nodes.add(Traffic.Node.on(trusting(certs, "PKCS12"), "node" + i));
        }
        Traffic.roundRobin(nodes, events);

        for (Traffic.Node n : nodes) {
            assertThat(n.store().counters()).containsEntry("redis.up", 1L).containsEntry("redis.failures", 0L)
                    .containsEntry("redis.flags_unchecked", 0L);
        }
        assertThat(Traffic.delivered(nodes)).isEqualTo(expected);
        assertThat(Traffic.repeats(nodes)).as("each flag delivered once cluster-wide").isEmpty();
    }

    @Test
    void aJksTrustStoreWorksToo() throws Exception {
        TestCertificates jks = TestCertificates.create(dir.resolve("jks"), "JKS");
        try (RedisServer other = RedisServer.startTls(jks)) {
            LoginTelemetryConfig config = Traffic.config("rediss://127.0.0.1:" + other.port(),
                    "logintelemetry.state.redis.tls.trust-store", jks.trustStore().toString(),
                    "logintelemetry.state.redis.tls.trust-store-password", jks.trustStorePassword(),
                    "logintelemetry.state.redis.tls.trust-store-type", "JKS");
            Traffic.Node node = Traffic.Node.on(config, "n1");
            nodes.add(node);
            Traffic.burst("", 0, 2, 2).forEach(node.engine()::accept);
            Traffic.settle(nodes);
            assertThat(node.store().counters()).containsEntry("redis.up", 1L).containsEntry("redis.failures", 0L);
        }
    }

    @Test
    void aRedisAskingForClientCertificatesTakesTheConfiguredOneAndRefusesANodeWithout() throws Exception {
        try (RedisServer strict = RedisServer.startTls(certs, true)) {
            String strictUri = "rediss://127.0.0.1:" + strict.port();
            Traffic.Node with = Traffic.Node.on(Traffic.config(strictUri,
                    "logintelemetry.state.redis.tls.trust-store", certs.trustStore().toString(),
                    "logintelemetry.state.redis.tls.trust-store-password", certs.trustStorePassword(),
                    "logintelemetry.state.redis.tls.key-store", certs.clientKeyStore().toString(),
                    "logintelemetry.state.redis.tls.key-store-password", certs.clientKeyStorePassword()), "with");
            nodes.add(with);
            Traffic.burst("", 0, 2, 2).forEach(with.engine()::accept);
            Traffic.settle(List.of(with));
            assertThat(with.store().counters()).containsEntry("redis.up", 1L).containsEntry("redis.failures", 0L);
            assertThat(with.store().counters().get("redis.applied")).isPositive();

            Traffic.Node without = Traffic.Node.on(Traffic.config(strictUri,
                    "logintelemetry.state.redis.tls.trust-store", certs.trustStore().toString(),
                    "logintelemetry.state.redis.tls.trust-store-password", certs.trustStorePassword()), "without");
            nodes.add(without);
            Traffic.burst("", 0, 2, 2).forEach(without.engine()::accept); // none throws
            Traffic.awaitUnchecked(without, 2);
            assertThat(without.store().counters().get("redis.up")).isZero();
            assertThat(without.store().counters().get("redis.failures")).isPositive();
            assertThat(without.sink().keys()).as("detected locally meanwhile").contains("ip.churn churn0");
        }
    }

    @Test
    void aWrongKeyStorePasswordNamesTheKeyStoreKeyButNotThePassword() {
        assertThatThrownBy(() -> Traffic.Node.on(Traffic.config(uri(),
                "logintelemetry.state.redis.tls.key-store", certs.clientKeyStore().toString(),
                "logintelemetry.state.redis.tls.key-store-password", "not-the-password-1234"), "n1"))
                .hasMessageContaining("logintelemetry.state.redis.tls.key-store")
                .hasMessageNotContaining("not-the-password-1234");
    }

    @Test
    void aTrustStoreGivenAsTheKeyStoreIsRefusedAtStartUp() {
        assertThatThrownBy(() -> Traffic.Node.on(Traffic.config(uri(),
                "logintelemetry.state.redis.tls.key-store", certs.trustStore().toString(),
                "logintelemetry.state.redis.tls.key-store-password", certs.trustStorePassword()), "n1"))
                .hasMessageContaining("logintelemetry.state.redis.tls.key-store").hasMessageContaining("no private key");
    }

    @Test
    void aKeyStoreWithoutATlsUriIsAMistakeNamedAtStartUp() {
        assertThatThrownBy(() -> Traffic.Node.on(Traffic.config("redis://127.0.0.1:6379",
                "logintelemetry.state.redis.tls.key-store", certs.clientKeyStore().toString(),
                "logintelemetry.state.redis.tls.key-store-password", certs.clientKeyStorePassword()), "n1"))
                .hasMessageContaining("logintelemetry.state.redis.tls.key-store").hasMessageContaining("rediss://");
    }

    @Test
    void aNodeTrustingAnotherCaIsRefusedAndDetectsLocallyWithoutFailingACall() throws Exception {
        TestCertificates stranger = TestCertificates.create(dir.resolve("other-ca"), "PKCS12");
        Traffic.Node node = Traffic.Node.on(trusting(stranger, "PKCS12"), "n1");
        nodes.add(node);
        Traffic.burst("", 0, 2, 2).forEach(node.engine()::accept); // none throws
        Traffic.awaitUnchecked(node, 2);
        Map<String, Long> counters = node.store().counters();
        assertThat(counters.get("redis.up")).isZero();
        assertThat(counters.get("redis.failures")).isPositive();
        // The logged reason says it is the certificate, not a refused port or a password.
        assertThat(node.store().lastFailure()).contains("Unable to connect").contains("certification path");
        assertThat(node.sink().keys()).contains("ip.churn churn0", "ip.fanout fan0");
        assertThat(counters.get("redis.flags_unchecked")).isPositive();
    }

    @Test
    void aMissingTrustStoreNamesItsKey() {
        assertThatThrownBy(() -> RedisStateStore.create(Traffic.config(uri(),
                "logintelemetry.state.redis.tls.trust-store", dir.resolve("nowhere.p12").toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("logintelemetry.state.redis.tls.trust-store:")
                .hasMessageContaining("cannot read");
    }

    @Test
    void aWrongTrustStorePasswordNamesTheStoreKeyButNotThePassword() {
        assertThatThrownBy(() -> RedisStateStore.create(Traffic.config(uri(),
                "logintelemetry.state.redis.tls.trust-store", certs.trustStore().toString(),
                "logintelemetry.state.redis.tls.trust-store-password", "s3cret-wrong")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("logintelemetry.state.redis.tls.trust-store:")
                .hasMessageNotContaining("s3cret-wrong");
    }

    @Test
    void anUnknownStoreTypeNamesTheTypeKey() {
        assertThatThrownBy(() -> RedisStateStore.create(trusting(certs, "NOPE")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("logintelemetry.state.redis.tls.trust-store-type");
    }

    @Test
    void aTrustStoreWithoutATlsUriIsAMistakeNamedAtStartUp() {
        assertThatThrownBy(() -> RedisStateStore.create(Traffic.config("redis://127.0.0.1:" + redis.port(),
                "logintelemetry.state.redis.tls.trust-store", certs.trustStore().toString(),
                "logintelemetry.state.redis.tls.trust-store-password", certs.trustStorePassword())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("logintelemetry.state.redis.tls.trust-store")
                .hasMessageContaining("rediss://");
    }
}
