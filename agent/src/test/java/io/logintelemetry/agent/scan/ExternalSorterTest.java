package io.logintelemetry.agent.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExternalSorterTest {

    @TempDir
    Path dir;

    @Test
    void sortsInMemoryWhenEverythingFitsWithoutWritingFiles() throws IOException {
        List<String> input = randomStrings(1000, 1);
        try (ExternalSorter<String> sorter = sorter(false, 10_000)) {
            for (String s : input) {
                sorter.add(s);
            }
            assertThat(drain(sorter)).isEqualTo(input.stream().sorted().toList());
            assertThat(sorter.spilledRuns()).isZero();
        }
        assertThat(filesIn(dir)).isZero();
    }

    @Test
    void spillsAndMergesInSeveralPassesWhenThereAreMoreRunsThanTheFanIn() throws IOException {
        List<String> input = randomStrings(5000, 2);
        try (ExternalSorter<String> sorter = sorter(false, 7)) {
            for (String s : input) {
                sorter.add(s);
            }
            assertThat(sorter.spilledRuns()).isGreaterThan(ExternalSorter.MAX_FAN_IN);
            assertThat(drain(sorter)).isEqualTo(input.stream().sorted().toList());
        }
        assertThat(filesIn(dir)).as("run files deleted").isZero();
    }

    @Test
    void keepsEachValueOnceWhenDistinctAcrossRuns() throws IOException {
        List<String> input = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            input.add("account-" + (i % 97));
        }
        try (ExternalSorter<String> sorter = sorter(true, 50)) {
            for (String s : input) {
                sorter.add(s);
            }
            assertThat(drain(sorter)).isEqualTo(input.stream().distinct().sorted().toList());
        }
    }

    private ExternalSorter<String> sorter(boolean distinct, int chunkItems) {
        return new ExternalSorter<>(dir, "t-", new StringCodec(), Comparator.<String>naturalOrder(), distinct,
                Long.MAX_VALUE, chunkItems);
    }

    private static List<String> drain(ExternalSorter<String> sorter) throws IOException {
        List<String> out = new ArrayList<>();
        try (CloseableIterator<String> it = sorter.sorted()) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    private static List<String> randomStrings(int n, long seed) {
        Random random = new Random(seed);
        List<String> result = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            result.add(Integer.toString(random.nextInt(1000), 36) + "é日" + random.nextInt(10));
        }
        return result;
    }

    private static long filesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }
}
