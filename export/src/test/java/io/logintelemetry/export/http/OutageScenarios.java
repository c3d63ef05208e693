package io.logintelemetry.export.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.logintelemetry.export.delivery.DeliverySink;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The receiver misbehaviours of the issue, run against each HTTP sink (HEC, bulk API, webhook):
 * 503 for a while, connection resets, 10 s answers, 401, a long outage compressed in time, and a
 * shutdown with the receiver down. In every case each flag arrives at least once, or stays spooled.
 */
abstract class OutageScenarios extends HttpExportTesting {

    /** The path the sink posts to. */
    abstract String path();

    /** Settings that switch this sink on against the WireMock server. */
    abstract Map<String, String> sinkSettings();

    /** A success answer for any batch. */
    abstract ResponseDefinitionBuilder success();

    /** The flag ids a request carried. */
    abstract List<String> ids(ServeEvent request);

    /** The sink's name in its counters. */
    abstract String name();

    private void stub(String state, ResponseDefinitionBuilder answer, String next) {
        var mapping = post(urlPathEqualTo(path())).inScenario("s").whenScenarioStateIs(state).willReturn(answer);
        server.stubFor(next == null ? mapping : mapping.willSetStateTo(next));
    }

    /** Flag ids carried by requests the receiver answered with success. */
    private Set<String> arrived() {
        Set<String> ids = new HashSet<>();
        for (ServeEvent e : requestsTo(path())) {
            int status = e.getResponse().getStatus();
            if (status >= 200 && status < 300 && e.getResponse().getFault() == null) {
                ids.addAll(ids(e));
            }
        }
        return ids;
    }

    @Test
    void happyPath() {
        server.stubFor(post(urlPathEqualTo(path())).willReturn(success()));
        Map<String, String> s = sinkSettings();
        s.put("logintelemetry.export.timeout", "20s"); // a loaded test machine must not turn this into a retry
        DeliverySink sink = sink(s);
        List<String> ids = publish(sink, 0, 25);
        await("delivered", 10_000, () -> sink.delivered() == 25 && sink.pending() == 0);
        assertThat(arrived()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(sink.counters().get(name() + ".failed-attempts")).isZero();
    }

    @Test
    void unavailableForAWhileThen200() {
        stub(Scenario.STARTED, aResponse().withStatus(503), "2");
        stub("2", aResponse().withStatus(503), "3");
        stub("3", aResponse().withStatus(503), "up");
        stub("up", success(), null);
        DeliverySink sink = sink(sinkSettings());
        List<String> ids = publish(sink, 0, 30);
        await("all delivered", 15_000, () -> sink.spooled() == 30 && sink.pending() == 0);
        assertThat(arrived()).containsAll(ids);
        assertThat(sink.counters().get(name() + ".failed-attempts")).isGreaterThanOrEqualTo(3);
    }

    @Test
    void connectionResets() {
        stub(Scenario.STARTED, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), "2");
        stub("2", aResponse().withFault(Fault.EMPTY_RESPONSE), "3");
        stub("3", aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE), "up");
        stub("up", success(), null);
        DeliverySink sink = sink(sinkSettings());
        List<String> ids = publish(sink, 0, 10);
        await("all delivered", 15_000, () -> sink.spooled() == 10 && sink.pending() == 0);
        assertThat(arrived()).containsAll(ids);
        assertThat(sink.counters().get(name() + ".failed-attempts")).isGreaterThanOrEqualTo(3);
    }

    @Test
    void tenSecondAnswersAreCutByTheConfiguredTimeout() {
        stub(Scenario.STARTED, success().withFixedDelay(10_000), "2");
        stub("2", success().withFixedDelay(10_000), "up");
        stub("up", success(), null);
        DeliverySink sink = sink(sinkSettings()); // export.timeout=500ms
        long start = System.nanoTime();
        List<String> ids = publish(sink, 0, 5);
        await("delivered", 9_000, () -> sink.spooled() == 5 && sink.pending() == 0);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(9_000);
        assertThat(sink.counters().get(name() + ".failed-attempts")).isGreaterThanOrEqualTo(2);
        assertThat(arrived()).containsAll(ids);
    }

    @Test
    void unauthorisedIsAClearErrorRetriesStopFlagsStaySpooled() throws InterruptedException {
        server.stubFor(post(urlPathEqualTo(path())).willReturn(aResponse().withStatus(401).withBody("{\"text\":\"Invalid token\"}")));
        DeliverySink sink = sink(sinkSettings());
        publish(sink, 0, 12);
        await("stopped and spooled", 10_000, () -> sink.stopped() && sink.spooled() == 12);
        Thread.sleep(500); // many backoff periods: no second attempt may come
        assertThat(requestsTo(path())).hasSize(1);
        assertThat(sink.pending()).isEqualTo(12);
        assertThat(sink.delivered()).isZero();
        assertThat(sink.stopReason()).contains("HTTP 401");
        assertThat(sink.counters().get(name() + ".auth-failures")).isEqualTo(1);
        for (String secretKey : List.of("logintelemetry.export.hec.token", "logintelemetry.export.ecs.api-key",
                "logintelemetry.export.webhook.secret")) {
            String secret = sinkSettings().get(secretKey);
            if (secret != null) {
                assertThat(sink.stopReason()).doesNotContain(secret);
            }
        }
    }

    @Test
    void aTenMinuteOutageCompressedLosesNothing() throws InterruptedException {
        // Ten minutes of failures compressed to 3 s by the short timeout and backoff: every request
        // fails (503, resets, 10 s answers) while flags keep coming.
        stub(Scenario.STARTED, aResponse().withStatus(503), "reset");
        stub("reset", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), "slow");
        // The slow answer is an error too: during an outage nothing may come back as a success,
        // even late on a connection the client gave up on.
        stub("slow", aResponse().withStatus(503).withFixedDelay(10_000), "down");
        server.stubFor(post(urlPathEqualTo(path())).inScenario("s").whenScenarioStateIs("down")
                .willReturn(aResponse().withStatus(503)));
        Map<String, String> s = sinkSettings();
        // About a second of this test's flags: room for a slow disk's fsync on a busy build machine,
        // far fewer than the outage brings. A writer that waited on the sender's failing requests
        // (500 ms each, back to back) would fall behind for good and drop flags.
        s.put("logintelemetry.export.queue-capacity", "512");
        DeliverySink sink = sink(s);
        List<String> ids = new ArrayList<>();
        long end = System.nanoTime() + 3_000_000_000L;
        int n = 0;
        while (System.nanoTime() < end) {
            ids.addAll(publish(sink, n, 10));
            n += 10;
            Thread.sleep(20);
        }
        assertThat(sink.dropped()).isZero();
        assertThat(sink.delivered()).as(() -> {
            StringBuilder d = new StringBuilder();
            requestsTo(path()).forEach(e -> d.append("\n").append(e.getRequest().getLoggedDate().getTime()).append(' ')
                    .append(e.getResponse().getStatus()).append(' ').append(e.getResponse().getFault()).append(' ').append(e.getTiming()));
            return d.toString();
        }).isZero();
        server.stubFor(post(urlPathEqualTo(path())).inScenario("s").whenScenarioStateIs("down").willReturn(success()));
        await("every flag of the outage delivered", 60_000, () -> sink.spooled() == ids.size() && sink.pending() == 0);
        assertThat(arrived()).containsAll(ids);
        assertThat(ids.size()).isGreaterThan(300);
    }

    @Test
    void shutdownWithTheReceiverDownIsBoundedAndKeepsTheFlags() {
        server.stubFor(post(urlPathEqualTo(path())).willReturn(aResponse().withStatus(503)));
        Map<String, String> s = sinkSettings();
        s.put("logintelemetry.export.shutdown-timeout", "700ms");
        DeliverySink sink = sink(s);
        publish(sink, 0, 40);
        long start = System.nanoTime();
        sink.close();
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(tookMillis).isLessThan(700 + 2_500); // the timeout, plus the last request's own timeout
        assertThat(sink.spooled()).isEqualTo(40);
        assertThat(sink.pending()).isEqualTo(40);

        // The next start delivers them.
        server.resetAll();
        server.stubFor(post(urlPathEqualTo(path())).willReturn(success()));
        DeliverySink next = sink(sinkSettings());
        await("replayed", 10_000, () -> next.pending() == 0 && next.delivered() == 40);
    }

    @Test
    void shutdownDeliversWhatIsQueued() {
        server.stubFor(post(urlPathEqualTo(path())).willReturn(success()));
        DeliverySink sink = sink(sinkSettings());
        List<String> ids = publish(sink, 0, 50);
        sink.close(); // at once: the queue is spooled and sent within the shutdown timeout
        assertThat(sink.pending()).isZero();
        assertThat(arrived()).containsAll(ids);
    }
}
