package io.logintelemetry.export.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.logintelemetry.export.delivery.DeliverySink;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ECS documents to the Elasticsearch bulk API, played by WireMock; per-item answers decide what is retried. */
class BulkExportTest extends HttpExportTesting {

    private static final String BULK = "/_bulk";

    private Map<String, String> ecs() {
        Map<String, String> s = patientSettings();
        s.put("logintelemetry.export.ecs.url", baseUrl());
        s.put("logintelemetry.export.ecs.index", "flags-test");
        s.put("logintelemetry.export.ecs.api-key", "c2VjcmV0LWFwaS1rZXk=");
        return s;
    }

    private static String ok(int items) {
        StringBuilder b = new StringBuilder("{\"took\":3,\"errors\":false,\"items\":[");
        for (int i = 0; i < items; i++) {
            b.append(i == 0 ? "" : ",").append("{\"create\":{\"_index\":\"flags-test\",\"status\":201}}");
        }
        return b.append("]}").toString();
    }

    /** Pairs of action and document per request, as the bulk API reads them. */
    private List<JsonNode[]> documents(boolean successfulOnly) {
        List<JsonNode[]> out = new ArrayList<>();
        requestsTo(BULK).stream().filter(e -> !successfulOnly || e.getResponse().getStatus() == 200).forEach(e -> {
            List<JsonNode> lines = lines(e.getRequest().getBodyAsString());
            for (int i = 0; i + 1 < lines.size(); i += 2) {
                out.add(new JsonNode[] {lines.get(i), lines.get(i + 1)});
            }
        });
        return out;
    }

    @Test
    void flagsAreCreatedAsEcsDocumentsWithTheFlagIdAsDocumentId() {
        server.stubFor(post(urlPathEqualTo(BULK)).willReturn(aResponse().withStatus(200).withBody(ok(1))));
        // WireMock answers one item per request here: send one flag per batch.
        Map<String, String> s = ecs();
        s.put("logintelemetry.export.batch-size", "1");
        DeliverySink sink = sink(s);
        List<String> ids = publish(sink, 0, 5);
        await("delivered", 10_000, () -> sink.delivered() == 5);
        server.verify(postRequestedFor(urlPathEqualTo(BULK)).withHeader("Authorization", equalTo("ApiKey c2VjcmV0LWFwaS1rZXk="))
                .withHeader("Content-Type", equalTo("application/x-ndjson")));
        List<JsonNode[]> docs = documents(true);
        assertThat(docs).extracting(d -> d[0].path("create").path("_id").asText()).containsExactlyInAnyOrderElementsOf(ids);
        JsonNode[] first = docs.get(0);
        assertThat(first[0].path("create").path("_index").asText()).isEqualTo("flags-test");
        assertThat(first[1].path("event").path("kind").asText()).isEqualTo("alert");
        assertThat(first[1].path("event").path("id").asText()).isEqualTo(first[0].path("create").path("_id").asText());
        assertThat(first[1].path("rule").path("id").asText()).isEqualTo("ip.churn");
        assertThat(first[1].path("user").path("name").asText()).startsWith("user");
        assertThat(first[1].path("source").path("ip").asText()).startsWith("203.0.113.");
    }

    @Test
    void failedItemsAreRetriedAloneRefusedOnesCountedAndConflictsAreDeliveries() {
        Map<String, String> s = ecs();
        s.put("logintelemetry.export.batch-size", "4");
        // Four flags spooled by a first run that was refused, so the next start sends them in one request.
        server.stubFor(post(urlPathEqualTo(BULK)).willReturn(aResponse().withStatus(401)));
        DeliverySink first = sink(s);
        List<String> ids = publish(first, 0, 4);
        await("spooled", 10_000, () -> first.spooled() == 4 && first.stopped());
        first.close();
        sinks.remove(first);
        server.resetAll();
        // Item 0 created, item 1 refused for now (429), item 2 a mapping error (400), item 3 a conflict (409).
        server.stubFor(post(urlPathEqualTo(BULK)).inScenario("items").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withBody("{\"errors\":true,\"items\":["
                        + "{\"create\":{\"status\":201}},"
                        + "{\"create\":{\"status\":429,\"error\":{\"type\":\"es_rejected_execution_exception\"}}},"
                        + "{\"create\":{\"status\":400,\"error\":{\"type\":\"mapper_parsing_exception\"}}},"
                        + "{\"create\":{\"status\":409,\"error\":{\"type\":\"version_conflict_engine_exception\"}}}]}"))
                .willSetStateTo("retry"));
        server.stubFor(post(urlPathEqualTo(BULK)).inScenario("items").whenScenarioStateIs("retry")
                .willReturn(aResponse().withStatus(200).withBody(ok(1))));
        DeliverySink sink = sink(s);
        await("settled", 10_000, () -> sink.pending() == 0 && sink.delivered() == 3);
        List<List<String>> requests = new ArrayList<>();
        requestsTo(BULK).forEach(e -> {
            List<String> r = new ArrayList<>();
            List<JsonNode> lines = lines(e.getRequest().getBodyAsString());
            for (int i = 0; i < lines.size(); i += 2) {
                r.add(lines.get(i).path("create").path("_id").asText());
            }
            requests.add(r);
        });
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0)).containsExactlyElementsOf(ids);
        assertThat(requests.get(1)).containsExactly(ids.get(1));
        assertThat(sink.counters().get("ecs.rejected")).isEqualTo(1);
    }

    @Test
    void forbiddenStopsTheSinkAndKeepsTheFlags() {
        server.stubFor(post(urlPathEqualTo(BULK)).willReturn(aResponse().withStatus(403)
                .withBody("{\"error\":{\"type\":\"security_exception\"},\"status\":403}")));
        DeliverySink sink = sink(ecs());
        publish(sink, 0, 3);
        await("stopped", 10_000, sink::stopped);
        await("spooled", 10_000, () -> sink.spooled() == 3);
        assertThat(sink.pending()).isEqualTo(3);
        assertThat(sink.stopReason()).contains("403").doesNotContain("c2VjcmV0");
    }

    @Test
    void theAnswerIsReadPerItem() {
        assertThat(BulkTransport.perItem("{\"errors\":false,\"items\":[]}", 3).kind()).isEqualTo(io.logintelemetry.export.delivery.Result.Kind.DELIVERED);
        var r = BulkTransport.perItem("{\"errors\":true,\"items\":[{\"index\":{\"status\":503}},{\"index\":{\"status\":201}},"
                + "{\"index\":{\"status\":400}}]}", 3);
        assertThat(r.retry()).containsExactly(0);
        assertThat(r.rejected()).isEqualTo(1);
        assertThat(BulkTransport.perItem("{\"errors\":true,\"items\":[]}", 2).kind()).isEqualTo(io.logintelemetry.export.delivery.Result.Kind.RETRY);
        assertThat(BulkTransport.perItem("<html>", 2).kind()).isEqualTo(io.logintelemetry.export.delivery.Result.Kind.RETRY);
    }
}
