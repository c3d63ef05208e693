package io.logintelemetry.agent.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.logintelemetry.event.EventReader;
import io.logintelemetry.event.InputFormat;
import io.logintelemetry.event.ParsedLine;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replay invariance on the bundled sample data: shuffled, it gives the same flags. */
class SampleDataReplayTest {

    @TempDir
    Path dir;

    @Test
    void shuffledSampleGivesTheSameFlags() throws IOException {
        Path sample = Path.of(System.getProperty("sample.dir", "../sample-data")).resolve("events.jsonl");
        assumeTrue(Files.isRegularFile(sample), "no bundled sample at " + sample.toAbsolutePath() + "; nothing to replay");
        List<byte[]> lines = splitLines(Files.readAllBytes(sample));

        ScanHarness.Result original = ScanHarness.run("scan", sample.toString());
        assertThat(original.exitCode()).as(original.err()).isZero();

        for (long seed = 1; seed <= 3; seed++) {
            Path shuffled = dir.resolve("shuffled-" + seed + ".jsonl");
            writeLines(shuffled, shuffleKeepingExactTies(lines, new Random(seed)));
            ScanHarness.Result r = ScanHarness.run("scan", shuffled.toString());

            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.flagsWithoutIds()).as("seed %d", seed).isEqualTo(original.flagsWithoutIds());
            assertThat(r.ofKind("account")).as("seed %d", seed).isEqualTo(original.ofKind("account"));
            assertThat(r.summary().get("events_read")).isEqualTo(original.summary().get("events_read"));
        }
    }

    @Test
    void withMarketplaceEventsTooShuffledSampleGivesTheSameFlagsAndGroups() throws IOException {
        Path sample = Path.of(System.getProperty("sample.dir", "../sample-data")).resolve("events.jsonl");
        assumeTrue(Files.isRegularFile(sample), "no bundled sample at " + sample.toAbsolutePath() + "; nothing to replay");
        Path config = dir.resolve("market.properties");
        Files.writeString(config, String.join("\n", "logintelemetry.marketplace.enabled=true",
                "logintelemetry.hash.secret=replay-test-secret-0123",
                "logintelemetry.detector.message.off_platform.allow=example-platform.jp"));
        ScanHarness.Result original = ScanHarness.run("scan", "--config", config.toString(), sample.toString());
        assertThat(original.exitCode()).as(original.err()).isZero();
        assertThat(original.ofKind("account").toString()).contains("\"linked_accounts\":[\"team-");

        Path shuffled = dir.resolve("shuffled-market.jsonl");
        writeLines(shuffled, shuffleKeepingExactTies(splitLines(Files.readAllBytes(sample)), new Random(99)));
        ScanHarness.Result r = ScanHarness.run("scan", "--config", config.toString(), shuffled.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.flagsWithoutIds()).isEqualTo(original.flagsWithoutIds());
        assertThat(r.ofKind("account")).isEqualTo(original.ofKind("account"));
    }

    /**
     * A random order, except that lines with the same time, account and type keep their relative
     * order: EVENTS.md breaks such ties by original line, so only their order may matter.
     */
    private static List<byte[]> shuffleKeepingExactTies(List<byte[]> lines, Random random) throws IOException {
        List<String> keys = new ArrayList<>(lines.size());
        Map<String, Deque<byte[]>> inOriginalOrder = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String key = tieKey(lines.get(i), i);
            keys.add(key);
            inOriginalOrder.computeIfAbsent(key, k -> new ArrayDeque<>()).add(lines.get(i));
        }
        Collections.shuffle(keys, random);
        List<byte[]> result = new ArrayList<>(lines.size());
        for (String key : keys) {
            result.add(inOriginalOrder.get(key).poll());
        }
        return result;
    }

    private static String tieKey(byte[] line, int index) throws IOException {
        try (EventReader reader = EventReader.open(new ByteArrayInputStream(line), InputFormat.JSON_LINES)) {
            ParsedLine p = reader.read();
            if (p == null || p.isMalformed()) {
                return "#" + index;
            }
            return p.event().timestamp() + "|" + p.event().account() + "|" + p.event().type();
        }
    }

    private static List<byte[]> splitLines(byte[] content) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= content.length; i++) {
            if (i == content.length || content[i] == '\n') {
                if (i > start) {
                    byte[] line = new byte[i - start];
                    System.arraycopy(content, start, line, 0, line.length);
                    lines.add(line);
                }
                start = i + 1;
            }
        }
        return lines;
    }

    private static void writeLines(Path file, List<byte[]> lines) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] l : lines) {
            out.write(l);
            out.write('\n');
        }
        Files.write(file, out.toByteArray());
    }
}
