package io.logintelemetry.export.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.logintelemetry.export.delivery.DeliverySink;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The generic webhook, played by WireMock: one signed JSON flag per request. */
class WebhookExportTest extends HttpExportTesting {

    private static final String HOOK = "/hooks/flags";
    private static final String SECRET = "webhook-secret-0123456789";

    private Map<String, String> webhook() {
        Map<String, String> s = patientSettings();
        s.put("logintelemetry.export.webhook.url", baseUrl() + HOOK);
        s.put("logintelemetry.export.webhook.secret", SECRET);
        return s;
    }

    /** What a receiver does: recompute the HMAC over "t.body" and compare. */
    private static boolean signatureHolds(ServeEvent e) throws Exception {
        String header = e.getRequest().getHeader("X-LoginTelemetry-Signature");
        String t = header.substring(2, header.indexOf(','));
        String v1 = header.substring(header.indexOf("v1=") + 3);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
        String expected = HexFormat.of().formatHex(mac.doFinal(e.getRequest().getBody()));
        return expected.equals(v1) && Math.abs(Long.parseLong(t) - System.currentTimeMillis() / 1000) < 60;
    }

    @Test
    void eachFlagIsPostedAsSignedJson() throws Exception {
        server.stubFor(post(urlPathEqualTo(HOOK)).willReturn(aResponse().withStatus(204)));
        DeliverySink sink = sink(webhook());
        List<String> ids = publish(sink, 0, 6);
        await("delivered", 10_000, () -> sink.delivered() == 6);
        List<ServeEvent> requests = requestsTo(HOOK);
        assertThat(requests).hasSize(6);
        Set<String> got = new HashSet<>();
        for (ServeEvent e : requests) {
            JsonNode flag = JSON.readTree(e.getRequest().getBodyAsString());
            assertThat(flag.path("kind").asText()).isEqualTo("flag");
            assertThat(e.getRequest().getHeader("X-LoginTelemetry-Flag-Id")).isEqualTo(flag.path("id").asText());
            assertThat(e.getRequest().getHeader("Content-Type")).startsWith("application/json");
            assertThat(signatureHolds(e)).isTrue();
            got.add(flag.path("id").asText());
        }
        assertThat(got).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void failuresMidBatchResendOnlyWhatWasNotTaken() {
        server.stubFor(post(urlPathEqualTo(HOOK)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200)).willSetStateTo("down"));
        server.stubFor(post(urlPathEqualTo(HOOK)).inScenario("flaky").whenScenarioStateIs("down")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("reset"));
        server.stubFor(post(urlPathEqualTo(HOOK)).inScenario("flaky").whenScenarioStateIs("reset")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("up"));
        server.stubFor(post(urlPathEqualTo(HOOK)).inScenario("flaky").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200)));
        DeliverySink sink = sink(webhook());
        List<String> ids = publish(sink, 0, 8);
        await("delivered", 10_000, () -> sink.spooled() == 8 && sink.pending() == 0);
        Set<String> ok = new HashSet<>();
        requestsTo(HOOK).stream().filter(e -> e.getResponse().getStatus() == 200 && e.getResponse().getFault() == null)
                .forEach(e -> ok.add(e.getRequest().getHeader("X-LoginTelemetry-Flag-Id")));
        assertThat(ok).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(sink.delivered()).isEqualTo(8);
    }

    @Test
    void unauthorisedStopsTheSink() {
        server.stubFor(post(urlPathEqualTo(HOOK)).willReturn(aResponse().withStatus(401)));
        DeliverySink sink = sink(webhook());
        publish(sink, 0, 2);
        await("stopped", 10_000, sink::stopped);
        assertThat(sink.stopReason()).contains("401").doesNotContain(SECRET);
        assertThat(requestsTo(HOOK)).hasSize(1);
    }
}
