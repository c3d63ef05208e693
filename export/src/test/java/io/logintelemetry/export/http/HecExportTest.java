package io.logintelemetry.export.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.Extension;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.logintelemetry.export.delivery.DeliverySink;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Splunk HTTP Event Collector, played by WireMock: happy path, outages, slowness, refusals, acknowledgements. */
class HecExportTest extends HttpExportTesting {

    private static final String EVENT = "/services/collector/event";
    private static final String TOKEN = "11111111-2222-3333-4444-555555555555";

    private Map<String, String> hec() {
        Map<String, String> s = patientSettings();
        s.put("logintelemetry.export.hec.url", baseUrl());
        s.put("logintelemetry.export.hec.token", TOKEN);
        s.put("logintelemetry.export.hec.index", "security");
        return s;
    }

    private void answer(int status, String body) {
        server.stubFor(post(urlPathEqualTo(EVENT)).willReturn(aResponse().withStatus(status).withBody(body)));
    }

    /** Every flag id that reached the receiver in a request it answered with 200, with repeats. */
    private List<String> deliveredIds() {
        List<String> ids = new ArrayList<>();
        requestsTo(EVENT).stream().filter(e -> e.getResponse().getStatus() == 200 && e.getResponse().getFault() == null)
                .forEach(e -> lines(e.getRequest().getBodyAsString()).forEach(n -> ids.add(n.path("event").path("id").asText())));
        return ids;
    }

    @Test
    void flagsArriveAsHecEventsWithTokenIndexAndTheFlagRecord() {
        answer(200, "{\"text\":\"Success\",\"code\":0}");
        DeliverySink sink = sink(hec());
        List<String> ids = publish(sink, 0, 25);
        await("25 delivered", 10_000, () -> sink.delivered() == 25);
        assertThat(deliveredIds()).containsExactlyInAnyOrderElementsOf(ids);
        server.verify(postRequestedFor(urlPathEqualTo(EVENT)).withHeader("Authorization", equalTo("Splunk " + TOKEN)));
        JsonNode first = lines(requestsTo(EVENT).get(0).getRequest().getBodyAsString()).get(0);
        assertThat(first.path("index").asText()).isEqualTo("security");
        assertThat(first.path("sourcetype").asText()).isEqualTo("logintelemetry:flag");
        assertThat(first.path("time").decimalValue()).isEqualByComparingTo("1772368496.789");
        assertThat(first.path("host").asText()).isEqualTo("node-1");
        assertThat(first.path("event").path("signal").asText()).isEqualTo("ip.churn");
        assertThat(first.path("event").path("account").asText()).isEqualTo("user0");
        // Batching: at most batch-size events per request.
        assertThat(requestsTo(EVENT)).allSatisfy(e -> assertThat(lines(e.getRequest().getBodyAsString()).size()).isLessThanOrEqualTo(10));
        assertThat(sink.pending()).isZero();
    }

    @Test
    void unauthorisedStopsRetryingWithAClearErrorAndKeepsTheFlagsSpooled() throws InterruptedException {
        answer(401, "{\"text\":\"Invalid token\",\"code\":4}");
        DeliverySink sink = sink(hec());
        publish(sink, 0, 12);
        await("stopped", 10_000, sink::stopped);
        await("all spooled", 10_000, () -> sink.spooled() == 12);
        int requests = requestsTo(EVENT).size();
        Thread.sleep(500); // several backoff periods: no further attempt may come
        assertThat(requestsTo(EVENT)).hasSize(requests);
        assertThat(requests).isEqualTo(1);
        assertThat(sink.pending()).isEqualTo(12);
        assertThat(sink.delivered()).isZero();
        assertThat(sink.stopReason()).contains("401").contains("Invalid token").doesNotContain(TOKEN);
        assertThat(sink.counters().get("hec.auth-failures")).isEqualTo(1);
    }

    @Test
    void flagsSpooledByAnEarlierRunAreDeliveredAtTheNextStart() {
        answer(401, "{\"text\":\"Invalid token\",\"code\":4}");
        DeliverySink first = sink(hec());
        List<String> ids = publish(first, 0, 15);
        await("spooled", 10_000, () -> first.spooled() == 15 && first.stopped());
        first.close();
        sinks.remove(first);

        server.resetAll();
        answer(200, "{\"text\":\"Success\",\"code\":0}");
        DeliverySink second = sink(hec());
        await("replayed", 10_000, () -> second.pending() == 0 && second.delivered() == 15);
        assertThat(deliveredIds()).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void withAcknowledgementABatchCountsOnlyOnceIndexed() {
        server.stubFor(post(urlPathEqualTo(EVENT)).willReturn(aResponse().withStatus(200).withBody("{\"text\":\"Success\",\"code\":0,\"ackId\":7}")));
        server.stubFor(post(urlPathEqualTo("/services/collector/ack")).inScenario("ack").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withBody("{\"acks\":{\"7\":false}}")).willSetStateTo("indexed"));
        server.stubFor(post(urlPathEqualTo("/services/collector/ack")).inScenario("ack").whenScenarioStateIs("indexed")
                .willReturn(aResponse().withStatus(200).withBody("{\"acks\":{\"7\":true}}")));
        Map<String, String> s = hec();
        s.put("logintelemetry.export.hec.ack", "true");
        s.put("logintelemetry.export.hec.channel", "0aeeac95-ac74-4aa9-b30d-6c4c0ac581ba");
        s.put("logintelemetry.export.hec.ack-timeout", "2s");
        s.put("logintelemetry.export.batch-size", "100");
        DeliverySink sink = sink(s);
        publish(sink, 0, 3);
        await("acknowledged", 10_000, () -> sink.delivered() == 3);
        server.verify(postRequestedFor(urlPathEqualTo(EVENT))
                .withHeader("X-Splunk-Request-Channel", equalTo("0aeeac95-ac74-4aa9-b30d-6c4c0ac581ba")));
        server.verify(postRequestedFor(urlPathEqualTo("/services/collector/ack"))
                .withQueryParam("channel", equalTo("0aeeac95-ac74-4aa9-b30d-6c4c0ac581ba"))
                .withRequestBody(containing("\"acks\":[7]")));
        assertThat(requestsTo("/services/collector/ack").size()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void anAcknowledgementThatNeverComesSendsTheBatchAgain() {
        server.stubFor(post(urlPathEqualTo(EVENT)).willReturn(aResponse().withStatus(200).withBody("{\"text\":\"Success\",\"code\":0,\"ackId\":1}")));
        server.stubFor(post(urlPathEqualTo("/services/collector/ack")).willReturn(aResponse().withStatus(200).withBody("{\"acks\":{\"1\":false}}")));
        Map<String, String> s = hec();
        s.put("logintelemetry.export.hec.ack", "true");
        s.put("logintelemetry.export.hec.ack-timeout", "300ms");
        DeliverySink sink = sink(s);
        publish(sink, 0, 1);
        await("sent again", 10_000, () -> requestsTo(EVENT).size() >= 2);
        assertThat(sink.delivered()).isZero();
        assertThat(sink.pending()).isEqualTo(1);
    }

    @Test
    void anInvalidEventIsDroppedAloneAndTheRestOfTheBatchIsSentAgain() {
        // Down until all ten are spooled, so they go out in few requests, flag-3 among others. They
        // are published in two goes, as a batch a sender took during the outage is usually cut.
        answer(503, "{\"text\":\"Server is busy\",\"code\":9}");
        DeliverySink sink = sink(hec());
        List<String> ids = new ArrayList<>(publish(sink, 0, 2));
        await("first two spooled", 10_000, () -> sink.spooled() == 2);
        ids.addAll(publish(sink, 2, 8));
        await("all spooled", 10_000, () -> sink.spooled() == 10);
        server.resetMappings();
        // HEC refuses any request holding flag-3 and names its position in that request. Where it
        // stands depends on how the spool was cut into batches, which is up to the threads.
        server.stubFor(post(urlPathEqualTo(EVENT)).atPriority(1).withRequestBody(containing("\"id\":\"flag-3\""))
                .willReturn(aResponse().withTransformers(InvalidEventAnswer.NAME)));
        server.stubFor(post(urlPathEqualTo(EVENT)).atPriority(2).willReturn(aResponse().withStatus(200)
                .withBody("{\"text\":\"Success\",\"code\":0}")));
        await("9 delivered", 10_000, () -> sink.delivered() == 9);
        await("nothing pending", 10_000, () -> sink.pending() == 0);
        List<String> expected = new ArrayList<>(ids);
        expected.remove("flag-3");
        assertThat(deliveredIds()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(counters(sink)).containsEntry("hec.rejected", 1L).containsEntry("hec.delivered", 9L);
        // One request was refused, the one holding flag-3; its other events went again without it.
        List<List<JsonNode>> refused = requestsTo(EVENT).stream().filter(e -> e.getResponse().getStatus() == 400)
                .map(e -> lines(e.getRequest().getBodyAsString())).toList();
        assertThat(refused).hasSize(1);
        List<String> refusedIds = refused.get(0).stream().map(e -> e.path("event").path("id").asText()).toList();
        // With the first two published apart, flag-3 goes out behind at least one other flag: the
        // drop follows the position HEC names, which is not simply the first.
        assertThat(refusedIds.indexOf("flag-3")).isPositive();
    }

    @Override
    Extension[] extensions() {
        return new Extension[] {new InvalidEventAnswer()};
    }

    /** HEC's answer to a request holding flag-3: 400, code 6, with flag-3's position in the request. */
    static final class InvalidEventAnswer implements ResponseDefinitionTransformerV2 {
        static final String NAME = "invalid-flag-3";

        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            List<JsonNode> events = lines(serveEvent.getRequest().getBodyAsString());
            int position = 0;
            while (!events.get(position).path("event").path("id").asText().equals("flag-3")) {
                position++;
            }
            return new ResponseDefinitionBuilder().withStatus(400)
                    .withBody("{\"text\":\"Invalid data format\",\"code\":6,\"invalid-event-number\":" + position + "}")
                    .build();
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public String getName() {
            return NAME;
        }
    }
}
