package io.logintelemetry.export.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM raising flags while Splunk is down is killed with SIGKILL (no shutdown hook, no drain);
 * a new JVM on the same spool delivers every flag the first one had spooled once Splunk is back.
 */
class CrashTest {

    @TempDir
    Path dir;

    private static Process fork(String mode, Path spool, String url) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(),
                mode, spool.toString(), url).redirectErrorStream(true).start();
    }

    @Test
    void flagsSpooledBeforeSigkillAreDeliveredByTheNextJvm() throws Exception {
        int downPort;
        try (ServerSocket s = new ServerSocket(0)) {
            downPort = s.getLocalPort(); // closed again: nothing listens there, Splunk is "down"
        }
        Path spool = dir.resolve("spool");
        Process raiser = fork("raise", spool, "http://127.0.0.1:" + downPort);
        long spooled = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(raiser.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while ((line = out.readLine()) != null && System.nanoTime() < until) {
                if (line.startsWith("spooled=")) {
                    spooled = Long.parseLong(line.substring(8));
                    if (spooled >= 2_000) {
                        break;
                    }
                }
            }
            // Killed in the middle of raising and spooling: SIGKILL, nothing runs after it.
            raiser.destroyForcibly();
            assertThat(raiser.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(raiser.exitValue()).isEqualTo(137); // 128 + SIGKILL
        assertThat(spooled).isGreaterThanOrEqualTo(2_000);

        WireMockServer splunk = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        splunk.start();
        try {
            splunk.stubFor(post(urlPathEqualTo("/services/collector/event"))
                    .willReturn(aResponse().withStatus(200).withBody("{\"text\":\"Success\",\"code\":0}")));
            Process deliverer = fork("deliver", spool, "http://127.0.0.1:" + splunk.port());
            String output = new String(deliverer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(deliverer.waitFor(90, TimeUnit.SECONDS)).isTrue();
            assertThat(deliverer.exitValue()).as(output).isZero();

            ObjectMapper json = new ObjectMapper();
            Set<String> arrived = new HashSet<>();
            splunk.getAllServeEvents().forEach(e -> {
                for (String line : e.getRequest().getBodyAsString().split("\n")) {
                    try {
                        arrived.add(json.readTree(line).path("event").path("id").asText());
                    } catch (IOException ex) {
                        throw new AssertionError(ex);
                    }
                }
            });
            // The spool takes flags in the order they were raised: the first `spooled` ones were on disk.
            for (long i = 0; i < spooled; i++) {
                assertThat(arrived).as("flag-%d delivered after the crash", i).contains("flag-" + i);
            }
        } finally {
            splunk.stop();
        }
    }
}
