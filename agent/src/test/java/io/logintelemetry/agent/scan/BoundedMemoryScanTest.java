package io.logintelemetry.agent.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scan in a separate JVM with a 64 MB heap over a file several times that size, exported per
 * account (so nothing is in time order): it must finish, with the counts of the planted findings.
 */
class BoundedMemoryScanTest {

    private static final int USERS = 3_600;
    private static final int DAYS = 10;
    private static final int REQUESTS_PER_DAY = 30;
    private static final long HEAP_MB = 64;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void scansAFileFourTimesTheHeapInSixtyFourMegabytes() throws Exception {
        Path file = dir.resolve("big.jsonl");
        List<String> planted = TestEvents.suspicious();
        int malformed = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            TestEvents.LineSink sink = line -> {
                out.write(line);
                out.write('\n');
            };
            for (int u = 0; u < USERS; u++) {
                for (int d = 0; d < DAYS; d++) {
                    TestEvents.writeWorkday(sink, u, d, REQUESTS_PER_DAY);
                }
                if (u % 1000 == 500) {
                    sink.accept("{\"ts\":\"2026-03-01T08:00:00Z\",\"type\":\"login\",\"account\":");
                    malformed++;
                }
            }
            TestEvents.writeLines(out, planted);
        }
        long size = Files.size(file);
        assertThat(size).as("file size").isGreaterThan(4 * HEAP_MB * 1024 * 1024).isLessThan(400L * 1024 * 1024);
        Path plantedOnly = dir.resolve("planted.jsonl");
        try (BufferedWriter out = Files.newBufferedWriter(plantedOnly, StandardCharsets.UTF_8)) {
            TestEvents.writeLines(out, planted);
        }
        JsonNode expected = ScanHarness.run("scan", plantedOnly.toString()).summary();

        Path report = dir.resolve("report.jsonl");
        Path stderr = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + HEAP_MB + "m", "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"),
                "io.logintelemetry.agent.AgentMain", "scan", "--out", report.toString(), "--temp-dir", dir.toString(),
                file.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(stderr.toFile())
                .start();
        boolean finished = p.waitFor(140, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly();
        }

        assertThat(finished).as("scan finished in time").isTrue();
        assertThat(p.exitValue()).as(Files.readString(stderr)).isZero();
        List<String> lines = Files.readAllLines(report);
        JsonNode summary = ScanHarness.JSON.readTree(lines.get(lines.size() - 1));
        long ordinaryEvents = (long) USERS * DAYS * (REQUESTS_PER_DAY + 2);
        assertThat(summary.get("kind").asText()).isEqualTo("summary");
        assertThat(summary.get("events_read").asLong()).isEqualTo(ordinaryEvents + planted.size());
        assertThat(summary.get("events_skipped").asLong()).isEqualTo(malformed);
        assertThat(summary.get("accounts_seen").asLong()).isEqualTo(USERS + expected.get("accounts_seen").asLong());
        assertThat(summary.get("flags_by_signal")).as("only the planted findings, and all of them")
                .isEqualTo(expected.get("flags_by_signal"));
        assertThat(summary.get("accounts_by_level").get("medium").asLong() + summary.get("accounts_by_level").get("high").asLong())
                .isEqualTo(expected.get("accounts_by_level").get("medium").asLong() + expected.get("accounts_by_level").get("high").asLong());
    }
}
