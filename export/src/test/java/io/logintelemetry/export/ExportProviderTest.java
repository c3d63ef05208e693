package io.logintelemetry.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logintelemetry.config.ConfigException;
import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.engine.Engine;
import io.logintelemetry.event.Event;
import io.logintelemetry.event.EventType;
import io.logintelemetry.export.delivery.DeliverySink;
import io.logintelemetry.sink.FlagSink;
import io.logintelemetry.sink.FlagSinkProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up: which sinks the configuration switches on, and errors that name the bad key without its secret. */
class ExportProviderTest {

    @TempDir
    Path dir;

    private Map<String, String> base() {
        Map<String, String> s = new HashMap<>();
        s.put("logintelemetry.export.spool.directory", dir.resolve("spool").toString());
        return s;
    }

    private List<FlagSink> create(Map<String, String> settings) {
        return new ExportProvider().create(LoginTelemetryConfig.from(settings), "/shop");
    }

    private static void assertRefused(Map<String, String> settings, String key, String secret) {
        assertThatThrownBy(() -> new ExportProvider().create(LoginTelemetryConfig.from(settings), "/"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(key)
                .satisfies(e -> {
                    if (secret != null) {
                        assertThat(e.getMessage()).doesNotContain(secret);
                    }
                });
    }

    @Test
    void nothingConfiguredMeansNoSinkAndNoSpool() {
        assertThat(create(base())).isEmpty();
        assertThat(Files.exists(dir.resolve("spool"))).isFalse();
    }

    @Test
    void theServiceLoaderFindsTheProviderAndEachConfiguredSinkGetsItsOwnSpool() {
        Map<String, String> s = base();
        s.put("logintelemetry.export.ecs.file", dir.resolve("flags.ecs.jsonl").toString());
        s.put("logintelemetry.export.webhook.url", "http://127.0.0.1:9/hook");
        s.put("logintelemetry.export.syslog.host", "127.0.0.1");
        s.put("logintelemetry.export.syslog.port", "9");
        List<FlagSink> sinks = FlagSinkProvider.discover(getClass().getClassLoader(), LoginTelemetryConfig.from(s), "/shop");
        try {
            assertThat(sinks).extracting(x -> ((DeliverySink) x).name()).containsExactly("syslog", "ecs-file", "webhook");
            assertThat(dir.resolve("spool/shop/syslog")).isDirectory();
            assertThat(dir.resolve("spool/shop/webhook")).isDirectory();
        } finally {
            sinks.forEach(FlagSink::close);
        }
    }

    @Test
    void flagsRaisedByTheEngineReachTheEcsFile() throws IOException {
        Map<String, String> s = base();
        Path out = dir.resolve("flags.ecs.jsonl");
        s.put("logintelemetry.export.ecs.file", out.toString());
        s.put("logintelemetry.detector.ip.churn.min-networks", "2");
        LoginTelemetryConfig config = LoginTelemetryConfig.from(s);
        var builder = Engine.builder(config).node("n1");
        FlagSinkProvider.discover(getClass().getClassLoader(), config, "/").forEach(builder::sink);
        try (Engine engine = builder.build()) {
            long t = 1_772_368_496_000L;
            for (int i = 0; i < 3; i++) {
                engine.accept(Event.builder(EventType.LOGIN, t + i * 60_000L).account("alice").ip(io.logintelemetry.net.IpAddress.parse("203.0.11" + i + ".7").orElseThrow()).build());
            }
        }
        String text = Files.readString(out);
        assertThat(text).contains("\"rule\":{\"id\":\"ip.churn\"").contains("\"user\":{\"name\":\"alice\"}");
        assertThat(text.lines()).allSatisfy(l -> assertThat(l).startsWith("{\"@timestamp\""));
    }

    @Test
    void thePseudonymisedSpoolHoldsNoAccountOrAddress() throws Exception {
        Map<String, String> s = base();
        try (java.net.ServerSocket closed = new java.net.ServerSocket(0)) {
            s.put("logintelemetry.export.webhook.url", "http://127.0.0.1:" + closed.getLocalPort() + "/down");
        }
        s.put("logintelemetry.export.syslog.host", "127.0.0.1");
        s.put("logintelemetry.export.syslog.port", "9");
        s.put("logintelemetry.export.syslog.protocol", "tcp");
        s.put("logintelemetry.export.pseudonymise.enabled", "true");
        s.put("logintelemetry.export.pseudonymise.key", "spool-test-key-0123456789");
        List<FlagSink> sinks = create(s);
        try {
            for (FlagSink sink : sinks) {
                sink.publish(TestFlags.plain("f-1", "alice.smith", "203.0.113.77"), true);
            }
            long until = System.nanoTime() + 10_000_000_000L;
            while (sinks.stream().anyMatch(x -> ((DeliverySink) x).spooled() < 1) && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            assertThat(sinks).allMatch(x -> ((DeliverySink) x).spooled() == 1);
        } finally {
            sinks.forEach(FlagSink::close);
        }
        List<Path> segments;
        try (var walk = Files.walk(dir.resolve("spool"))) {
            segments = walk.filter(p -> p.toString().endsWith(".spool")).toList();
        }
        assertThat(segments).hasSizeGreaterThanOrEqualTo(2);
        boolean anyRecord = false;
        for (Path segment : segments) {
            String bytes = new String(Files.readAllBytes(segment), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(bytes).doesNotContain("alice.smith").doesNotContain("203.0.113").doesNotContain("198.51.100");
            anyRecord |= bytes.contains("acct_");
        }
        assertThat(anyRecord).isTrue();
    }

    @Test
    void badSettingsAreRefusedNamingTheKey() {
        Map<String, String> hec = base();
        hec.put("logintelemetry.export.hec.url", "http://127.0.0.1:8088");
        assertRefused(hec, "logintelemetry.export.hec.token", null);

        Map<String, String> url = base();
        url.put("logintelemetry.export.webhook.url", "ftp://example.org/x");
        assertRefused(url, "logintelemetry.export.webhook.url", null);

        Map<String, String> creds = base();
        creds.put("logintelemetry.export.ecs.url", "https://elastic:hunter2secret@127.0.0.1:9200");
        assertRefused(creds, "logintelemetry.export.ecs.url", "hunter2secret");

        Map<String, String> pseudo = base();
        pseudo.put("logintelemetry.export.pseudonymise.enabled", "true");
        pseudo.put("logintelemetry.export.pseudonymise.key", "short-secret");
        assertRefused(pseudo, "logintelemetry.export.pseudonymise.key", "short-secret");

        Map<String, String> channel = base();
        channel.put("logintelemetry.export.hec.url", "http://127.0.0.1:8088");
        channel.put("logintelemetry.export.hec.token", "tok-secret-value");
        channel.put("logintelemetry.export.hec.channel", "not-a-guid");
        assertRefused(channel, "logintelemetry.export.hec.channel", "tok-secret-value");

        Map<String, String> trust = base();
        trust.put("logintelemetry.export.syslog.host", "127.0.0.1");
        trust.put("logintelemetry.export.syslog.protocol", "tls");
        trust.put("logintelemetry.export.tls.trust-store", dir.resolve("missing.p12").toString());
        trust.put("logintelemetry.export.tls.trust-store-password", "store-secret-pw");
        assertRefused(trust, "logintelemetry.export.tls.trust-store", "store-secret-pw");

        Map<String, String> index = base();
        index.put("logintelemetry.export.ecs.url", "http://127.0.0.1:9200");
        index.put("logintelemetry.export.ecs.index", "Flags With Spaces");
        assertRefused(index, "logintelemetry.export.ecs.index", null);
    }

    @Test
    void typedKeysAreCheckedByTheConfiguration() {
        Map<String, String> s = base();
        s.put("logintelemetry.export.syslog.protocol", "smtp");
        assertThatThrownBy(() -> LoginTelemetryConfig.from(s)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("logintelemetry.export.syslog.protocol").hasMessageContaining("udp, tcp, tls");
        Map<String, String> size = base();
        size.put("logintelemetry.export.spool.max-bytes", "lots");
        assertThatThrownBy(() -> LoginTelemetryConfig.from(size)).hasMessageContaining("logintelemetry.export.spool.max-bytes");
        size.put("logintelemetry.export.spool.max-bytes", "64MB");
        assertThat(LoginTelemetryConfig.from(size).get(io.logintelemetry.config.ConfigKeys.EXPORT_SPOOL_MAX_BYTES)).isEqualTo(64L << 20);
    }

    @Test
    void contextPathsBecomeSafeDirectoryNames() {
        assertThat(ExportProvider.safeName("/shop")).isEqualTo("shop");
        assertThat(ExportProvider.safeName("ROOT")).isEqualTo("ROOT");
        assertThat(ExportProvider.safeName("/../etc")).isEqualTo("ROOT.._etc");
        assertThat(ExportProvider.safeName("/a/b")).isEqualTo("a_b");
    }
}
