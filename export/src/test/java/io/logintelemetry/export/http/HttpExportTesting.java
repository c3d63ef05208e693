package io.logintelemetry.export.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.Extension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.export.ExportProvider;
import io.logintelemetry.export.TestFlags;
import io.logintelemetry.export.delivery.DeliverySink;
import io.logintelemetry.sink.FlagSink;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A WireMock server on a free 127.0.0.1 port playing the receiver, and sinks built from config as in production. */
abstract class HttpExportTesting {

    static final ObjectMapper JSON = new ObjectMapper();

    WireMockServer server;
    final List<FlagSink> sinks = new ArrayList<>();

    @TempDir
    Path spool;

    @BeforeEach
    void startServer() {
        server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort()
                .containerThreads(20).asynchronousResponseEnabled(false).extensions(extensions()));
        server.start();
    }

    /** WireMock extensions a test class needs, registered when its server starts. */
    Extension[] extensions() {
        return new Extension[0];
    }

    @AfterEach
    void stop() {
        sinks.forEach(FlagSink::close);
        server.stop();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Settings every test uses: short timeouts and backoffs, so outages are compressed in time. */
    Map<String, String> settings() {
        Map<String, String> s = new HashMap<>();
        s.put("logintelemetry.export.spool.directory", spool.toString());
        s.put("logintelemetry.export.timeout", "500ms");
        s.put("logintelemetry.export.retry.initial-backoff", "20ms");
        s.put("logintelemetry.export.retry.max-backoff", "200ms");
        s.put("logintelemetry.export.shutdown-timeout", "2s");
        s.put("logintelemetry.export.batch-size", "10");
        return s;
    }

    /**
     * {@link #settings()} with a long answer timeout, for tests that count exact deliveries: on a
     * loaded machine a slow but successful answer must not become a retry and a repeat.
     */
    Map<String, String> patientSettings() {
        Map<String, String> s = settings();
        s.put("logintelemetry.export.timeout", "20s");
        return s;
    }

    DeliverySink sink(Map<String, String> settings) {
        List<FlagSink> created = new ExportProvider().create(LoginTelemetryConfig.from(settings), "/shop");
        assertThat(created).hasSize(1);
        sinks.addAll(created);
        return (DeliverySink) created.get(0);
    }

    static List<String> publish(FlagSink sink, int from, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            String id = "flag-" + i;
            sink.publish(TestFlags.plain(id, "user" + i, "203.0.113." + (i % 250)), true);
            ids.add(id);
        }
        return ids;
    }

    /** Waits (bounded) until the condition holds; fails with the message otherwise. */
    static void await(String what, long maxMillis, BooleanSupplier condition) {
        long until = System.nanoTime() + maxMillis * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - until > 0) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    List<ServeEvent> requestsTo(String path) {
        List<ServeEvent> out = new ArrayList<>(server.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().startsWith(path)).toList());
        java.util.Collections.reverse(out); // WireMock lists the newest first
        return out;
    }

    /** The JSON objects of newline-separated bodies (HEC batches, bulk bodies). */
    static List<JsonNode> lines(String body) {
        List<JsonNode> out = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isBlank()) {
                try {
                    out.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new AssertionError("not JSON: " + line, e);
                }
            }
        }
        return out;
    }

    static Map<String, Object> counters(DeliverySink sink) {
        return new HashMap<>(sink.counters());
    }
}
