package io.logintelemetry.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.logintelemetry.it.harness.Container;
import io.logintelemetry.it.harness.FilterMetrics;
import io.logintelemetry.it.harness.FormLoginClient;
import io.logintelemetry.it.harness.TomcatContainer;
import io.logintelemetry.it.harness.WebappBuilder;
import io.logintelemetry.it.harness.WhoAmI;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * SIEM export end to end: the drop-in jar (filter, geoip and export) in a FORM-login app on
 * embedded Tomcat 11, configured with a webhook and pseudonymisation. A flag raised by real logins
 * reaches the webhook receiver (an HTTP server on 127.0.0.1) signed and pseudonymised, while the
 * app itself still sees the real account; the delivery shows in the JMX counters.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportTomcatIT {

    private static final String APP = "/exp";
    private static final String PASSWORD = "correct horse";
    private static final String SECRET = "it-webhook-secret-0123456789";
    private static final String USER = "export-churner";
    private static final List<String> NETWORKS = List.of("198.51.100.7", "203.0.113.9");

    private Path workDir;
    private Container container;
    private HttpServer receiver;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private record Received(String body, String signature, String flagId) {
    }

    @BeforeAll
    void start() throws Exception {
        workDir = Files.createTempDirectory("logintelemetry-export-it-");
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(body, exchange.getRequestHeaders().getFirst("X-LoginTelemetry-Signature"),
                    exchange.getRequestHeaders().getFirst("X-LoginTelemetry-Flag-Id")));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();

        container = new TomcatContainer(workDir.resolve("container"));
        container.addUser(USER, PASSWORD);
        container.deploy(APP, WebappBuilder.testApp()
                .config("logintelemetry.proxy.trusted", "127.0.0.1/32,::1/128")
                .config("logintelemetry.detector.ip.churn.min-networks", "2")
                .config("logintelemetry.export.webhook.url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook")
                .config("logintelemetry.export.webhook.secret", SECRET)
                .config("logintelemetry.export.pseudonymise.enabled", "true")
                .config("logintelemetry.export.pseudonymise.key", "it-pseudonym-key-0123456789")
                .config("logintelemetry.export.spool.directory", workDir.resolve("spool").toString())
                .buildIn(workDir.resolve("webapps/exp")));
        container.start();
    }

    @AfterAll
    void stop() throws Exception {
        if (container != null) {
            container.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
        try (Stream<Path> walk = Files.walk(workDir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Test
    void aFlagRaisedByLoginsReachesTheWebhookSignedAndPseudonymised() throws Exception {
        WhoAmI last = null;
        for (String ip : NETWORKS) {
            last = WhoAmI.of(new FormLoginClient(container.uri(APP)).forwardedFor(ip).login(USER, PASSWORD));
        }
        // The app reads the real account in its request attribute.
        assertThat(last.flagsOf("ip.churn")).as(String.valueOf(last.flags())).singleElement()
                .satisfies(f -> assertThat(f.path("account").asText()).isEqualTo(USER));
        String flagId = last.flagsOf("ip.churn").get(0).path("id").asText();

        long until = System.nanoTime() + 30_000_000_000L;
        while (received.stream().noneMatch(r -> flagId.equals(r.flagId())) && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        Received hook = received.stream().filter(r -> flagId.equals(r.flagId())).findFirst()
                .orElseThrow(() -> new AssertionError("flag " + flagId + " not delivered; got " + received));
        JsonNode flag = new ObjectMapper().readTree(hook.body());
        assertThat(flag.path("signal").asText()).isEqualTo("ip.churn");
        assertThat(flag.path("account").asText()).matches("acct_[0-9a-f]{32}");
        assertThat(flag.path("ip").asText()).matches("ip_[0-9a-f]{32}");
        assertThat(hook.body()).doesNotContain(USER).doesNotContain("198.51.100").doesNotContain("203.0.113");

        String t = hook.signature().substring(2, hook.signature().indexOf(','));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
        assertThat(hook.signature()).endsWith(",v1=" + java.util.HexFormat.of().formatHex(mac.doFinal(hook.body().getBytes(StandardCharsets.UTF_8))));

        // The receiver has the flag before the sink has read the answer and counted it as delivered.
        FilterMetrics metrics = FilterMetrics.of(APP);
        long countedBy = System.nanoTime() + 10_000_000_000L;
        while (metrics.exportCounter("webhook.delivered") < 1 && System.nanoTime() < countedBy) {
            Thread.sleep(50);
        }
        assertThat(metrics.exportCounter("webhook.delivered")).isGreaterThanOrEqualTo(1);
        assertThat(metrics.exportCounter("webhook.dropped")).isZero();
        assertThat(Files.isDirectory(workDir.resolve("spool/exp/webhook"))).isTrue();
    }
}
