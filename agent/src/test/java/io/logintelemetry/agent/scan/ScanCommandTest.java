package io.logintelemetry.agent.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanCommandTest {

    @TempDir
    Path dir;

    @Test
    void writesFlagsThenAccountsHighestScoreFirstThenOneSummary() throws IOException {
        List<String> lines = new ArrayList<>(TestEvents.ordinary(10, 2));
        lines.addAll(TestEvents.suspicious());
        lines.add(3, "not json");
        Path file = jsonl("events.jsonl", lines);

        ScanHarness.Result r = ScanHarness.run("scan", file.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        List<String> kinds = r.records().stream().map(n -> n.get("kind").asText()).toList();
        assertThat(kinds).last().isEqualTo("summary");
        assertThat(String.join(",", kinds)).matches("(flag,)+(account,)+summary");

        List<JsonNode> flags = r.ofKind("flag");
        assertThat(flags).extracting(f -> f.get("signal").asText())
                .contains("ip.churn", "ip.fanout", "device.fanout");
        assertThat(flags).extracting(f -> f.get("ts").asText()).isSorted();
        assertThat(flags).allSatisfy(f -> assertThat(f.fieldNames()).toIterable()
                .contains("id", "signal", "severity", "ts", "account", "summary", "evidence", "action"));

        List<JsonNode> accounts = r.ofKind("account");
        assertThat(accounts).extracting(a -> a.get("score").asInt()).isSortedAccordingTo((x, y) -> y - x);
        JsonNode churner = accounts.stream().filter(a -> a.get("account").asText().equals("churner")).findFirst().orElseThrow();
        assertThat(churner.get("signals")).extracting(JsonNode::asText).contains("ip.churn");
        assertThat(churner.get("first_seen").asText()).isEqualTo("2026-03-01T08:00:00Z");
        assertThat(churner.get("last_seen").asText()).isEqualTo("2026-03-01T08:40:00Z");
        assertThat(churner.get("linked_accounts")).isEmpty();
        assertThat(accounts).extracting(a -> a.get("account").asText()).doesNotContain("user-00001");

        JsonNode summary = r.summary();
        assertThat(summary.get("events_read").asLong()).isEqualTo(lines.size() - 1);
        assertThat(summary.get("events_skipped").asLong()).isEqualTo(1);
        assertThat(summary.get("skipped").get(0).get("line").asLong()).isEqualTo(4);
        assertThat(summary.get("skipped").get(0).get("file").asText()).isEqualTo(file.toString());
        assertThat(summary.get("skipped").get(0).get("reason").asText()).startsWith("bad JSON");
        assertThat(summary.get("accounts_seen").asLong()).isEqualTo(10 + 1 + 6 + 3);
        JsonNode levels = summary.get("accounts_by_level");
        assertThat(levels.get("low").asLong() + levels.get("medium").asLong() + levels.get("high").asLong())
                .isEqualTo(20);
        assertThat(summary.get("flags").asLong()).isEqualTo(flags.size());
        assertThat(summary.get("flags_by_signal").get("ip.churn").asLong())
                .isEqualTo(flags.stream().filter(f -> f.get("signal").asText().equals("ip.churn")).count());
        assertThat(summary.get("elapsed_ms").asLong()).isNotNegative();
    }

    @Test
    void readsCsvAndGzipFilesTogetherInOneTimeline() throws IOException {
        // The churner's five logins split over three files of different formats.
        List<String> all = TestEvents.suspicious().stream().filter(l -> l.contains("\"churner\"")).toList();
        Path a = jsonl("a.jsonl", all.subList(0, 4));
        Path b = dir.resolve("b.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(b))) {
            out.write(String.join("\n", all.subList(4, 8)).getBytes(StandardCharsets.UTF_8));
        }
        Path c = dir.resolve("c.csv");
        Files.writeString(c, "type,account,ts,ip,session\r\n"
                + "login,churner,2026-03-01T08:40:00Z,10.1.4.5,churn-4\r\n"
                + "request,churner,1772352000000,10.1.0.5,churn-0\r\n");

        ScanHarness.Result r = ScanHarness.run("scan", a.toString(), b.toString(), c.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.summary().get("events_read").asLong()).isEqualTo(10);
        assertThat(r.ofKind("flag")).extracting(f -> f.get("evidence").get("networks_count").asInt())
                .containsExactly(4, 5);
    }

    @Test
    void tableFormatShowsTheSameFindingsInColumns() throws IOException {
        List<String> lines = new ArrayList<>(TestEvents.suspicious());
        lines.add("{\"ts\":\"2026-03-01T09:00:00Z\",\"type\":\"login\"}");
        Path file = jsonl("events.jsonl", lines);

        ScanHarness.Result r = ScanHarness.run("scan", "--format", "table", file.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("FLAGS", "FLAGGED ACCOUNTS", "SUMMARY")
                .containsPattern("2026-03-01 08:40:00Z +ip\\.churn +medium +churner +10\\.1\\.4\\.5 +5 networks")
                .containsPattern("Events read +19")
                .containsPattern("Events skipped +1")
                .contains(file + ":20", "missing account")
                .containsPattern("ip\\.fanout +\\d+");
    }

    @Test
    void writesTheReportToOutFile() throws IOException {
        Path file = jsonl("events.jsonl", TestEvents.suspicious());
        Path report = dir.resolve("report.jsonl");

        ScanHarness.Result r = ScanHarness.run("scan", "--out", report.toString(), file.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(Files.readAllLines(report)).last().asString().startsWith("{\"kind\":\"summary\"");
    }

    @Test
    void appliesThresholdsFromConfigFile() throws IOException {
        Path file = jsonl("events.jsonl", TestEvents.suspicious());
        Path config = dir.resolve("scan.properties");
        Files.writeString(config, "logintelemetry.detector.ip.churn.min-networks=6\n");

        ScanHarness.Result r = ScanHarness.run("scan", "--config", config.toString(), file.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.ofKind("flag")).extracting(f -> f.get("signal").asText()).doesNotContain("ip.churn").contains("ip.fanout");
    }

    @Test
    void exitsWithTwoNamingTheKeyOfABadConfig() throws IOException {
        Path file = jsonl("events.jsonl", TestEvents.suspicious());
        Path config = dir.resolve("bad.properties");
        Files.writeString(config, "logintelemetry.detector.ip.churn.min-networks=lots\n");
        Path typo = dir.resolve("typo.properties");
        Files.writeString(typo, "logintelemetry.detector.ip.churn.min-network=5\n");

        ScanHarness.Result bad = ScanHarness.run("scan", "--config", config.toString(), file.toString());
        ScanHarness.Result misspelt = ScanHarness.run("scan", "--config", typo.toString(), file.toString());
        ScanHarness.Result missing = ScanHarness.run("scan", "--config", dir.resolve("nope.properties").toString(), file.toString());

        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("logintelemetry.detector.ip.churn.min-networks");
        assertThat(bad.out()).isEmpty();
        assertThat(misspelt.exitCode()).isEqualTo(2);
        assertThat(misspelt.err()).contains("logintelemetry.detector.ip.churn.min-network", "unknown key");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.properties");
    }

    @Test
    void exitsWithTwoOnUsageErrorsAndUnreadableInput() throws IOException {
        Path file = jsonl("events.jsonl", TestEvents.suspicious());
        Path brokenGzip = dir.resolve("broken.jsonl.gz");
        Files.write(brokenGzip, new byte[]{0x1f, (byte) 0x8b, 8, 0, 0, 0});

        assertThat(ScanHarness.run("scan", dir.resolve("absent.jsonl").toString()))
                .satisfies(r -> assertThat(r.exitCode()).isEqualTo(2))
                .satisfies(r -> assertThat(r.err()).contains("absent.jsonl"));
        assertThat(ScanHarness.run("scan", dir.toString()).exitCode()).as("a directory").isEqualTo(2);
        assertThat(ScanHarness.run("scan").exitCode()).as("no file").isEqualTo(2);
        assertThat(ScanHarness.run("scan", "--format", "xml", file.toString()).exitCode()).isEqualTo(2);
        assertThat(ScanHarness.run("scan", "--bogus", file.toString()).exitCode()).isEqualTo(2);
        assertThat(ScanHarness.run().exitCode()).as("no command").isEqualTo(2);
        assertThat(ScanHarness.run("scan", file.toString(), brokenGzip.toString()))
                .satisfies(r -> assertThat(r.exitCode()).isEqualTo(2))
                .satisfies(r -> assertThat(r.err()).contains("broken.jsonl.gz"));
        assertThat(ScanHarness.run("scan", "--format", "TABLE", file.toString()).exitCode()).isZero();
    }

    @Test
    void survivesNonUtf8BytesCrLfAndHugeAccountNames() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(utf8(TestEvents.line(TestEvents.T0, "login", "ok", "192.0.2.1", null, null) + "\n"));
        bytes.write(utf8("{\"ts\":\"2026-03-01T08:01:00Z\",\"type\":\"login\",\"account\":\"M\u00fcller"));
        bytes.write(new byte[]{(byte) 0xFC, (byte) 0x80});
        bytes.write(utf8("\"}\n"));
        String huge = "h".repeat(10 * 1024);
        for (int n = 0; n < 6; n++) {
            // Six accounts from one address, one named with CR/LF, five 10 KB names: ip.fanout names them all.
            String account = n == 0 ? "evil\\r\\n{\\\"kind\\\":\\\"forged\\\"}" : huge + n;
            bytes.write(utf8(TestEvents.line(TestEvents.T0.plusSeconds(120 + n), "login", account, "203.0.113.50", null, null) + "\n"));
        }
        Path file = dir.resolve("mixed.jsonl");
        Files.write(file, bytes.toByteArray());

        ScanHarness.Result json = ScanHarness.run("scan", file.toString());
        ScanHarness.Result table = ScanHarness.run("scan", "--format", "table", file.toString());

        assertThat(json.exitCode()).as(json.err()).isZero();
        assertThat(json.records()).as("every output line is one JSON record").isNotEmpty()
                .noneMatch(r -> r.get("kind").asText().equals("forged"));
        assertThat(json.summary().get("events_read").asLong()).isEqualTo(7);
        assertThat(json.summary().get("skipped").get(0).get("reason").asText()).startsWith("invalid UTF-8");
        assertThat(json.summary().get("skipped").get(0).get("line").asLong()).isEqualTo(2);
        assertThat(json.ofKind("flag")).extracting(f -> f.get("account").asText())
                .contains("evil\r\n{\"kind\":\"forged\"}")
                .allSatisfy(a -> assertThat(a.length()).isLessThanOrEqualTo(256));
        assertThat(table.exitCode()).isZero();
        assertThat(table.out()).contains("evil\\r\\n{\"kind").doesNotContain("evil\r\n");
    }

    private Path jsonl(String name, List<String> lines) throws IOException {
        Path file = dir.resolve(name);
        try (Writer w = Files.newBufferedWriter(file)) {
            TestEvents.writeLines(w, lines);
        }
        return file;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
