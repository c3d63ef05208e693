package io.logintelemetry.agent.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same events in any order, and however they are sorted (in memory or spilled), give the same report. */
class ReplayOrderTest {

    @TempDir
    Path dir;

    @Test
    void shuffledEventsGiveTheSameFlagsAccountsAndCounts() throws IOException {
        List<String> events = new ArrayList<>(TestEvents.ordinary(25, 3));
        events.addAll(TestEvents.suspicious());
        // Exported per account, as offline files often are.
        ScanHarness.Result reference = scan(write("reference.jsonl", events));
        assertThat(reference.exitCode()).as(reference.err()).isZero();
        assertThat(reference.ofKind("flag")).extracting(f -> f.get("signal").asText())
                .contains("ip.churn", "ip.fanout", "device.fanout");

        for (long seed = 1; seed <= 4; seed++) {
            List<String> shuffled = new ArrayList<>(events);
            Collections.shuffle(shuffled, new Random(seed));
            ScanHarness.Result r = scan(write("shuffled-" + seed + ".jsonl", shuffled));

            assertThat(r.flagsWithoutIds()).as("seed %d", seed).isEqualTo(reference.flagsWithoutIds());
            assertThat(r.ofKind("account")).as("seed %d", seed).isEqualTo(reference.ofKind("account"));
            assertThat(r.summary().get("flags_by_signal")).isEqualTo(reference.summary().get("flags_by_signal"));
            assertThat(r.summary().get("accounts_by_level")).isEqualTo(reference.summary().get("accounts_by_level"));
        }
    }

    @Test
    void spillingSortGivesTheSameReportAsSortingInMemory() throws IOException {
        List<String> events = new ArrayList<>(TestEvents.ordinary(25, 3));
        events.addAll(TestEvents.suspicious());
        Collections.shuffle(events, new Random(7));
        Path file = write("events.jsonl", events);

        ScanHarness.Result inMemory = scan(file);
        ScanHarness.Result spilled = ScanHarness.run("scan", "--sort-chunk", "5", "--temp-dir", dir.toString(), file.toString());

        assertThat(spilled.exitCode()).as(spilled.err()).isZero();
        assertThat(spilled.flagsWithoutIds()).isEqualTo(inMemory.flagsWithoutIds());
        assertThat(spilled.ofKind("account")).isEqualTo(inMemory.ofKind("account"));
        assertThat(spilled.summary().get("accounts_seen")).isEqualTo(inMemory.summary().get("accounts_seen"));
        try (var left = Files.list(dir)) {
            assertThat(left.filter(p -> p.getFileName().toString().startsWith("logintelemetry-scan-")))
                    .as("temporary sort files removed").isEmpty();
        }
    }

    @Test
    void splittingEventsOverSeveralFilesChangesNothing() throws IOException {
        List<String> events = new ArrayList<>(TestEvents.ordinary(10, 2));
        events.addAll(TestEvents.suspicious());
        ScanHarness.Result whole = scan(write("whole.jsonl", events));
        int half = events.size() / 2;
        Path second = write("second.jsonl", events.subList(half, events.size()));
        Path first = write("first.jsonl", events.subList(0, half));

        ScanHarness.Result split = ScanHarness.run("scan", second.toString(), first.toString());

        assertThat(split.flagsWithoutIds()).isEqualTo(whole.flagsWithoutIds());
    }

    private static ScanHarness.Result scan(Path file) {
        return ScanHarness.run("scan", file.toString());
    }

    private Path write(String name, List<String> lines) throws IOException {
        Path file = dir.resolve(name);
        try (Writer w = Files.newBufferedWriter(file)) {
            TestEvents.writeLines(w, lines);
        }
        return file;
    }
}
