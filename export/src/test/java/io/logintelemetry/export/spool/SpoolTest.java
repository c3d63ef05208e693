package io.logintelemetry.export.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {

    @TempDir
    Path dir;

    private static List<SpoolRecord> records(int from, int count, int size) {
        List<SpoolRecord> out = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            String body = ("record-" + i + "-").repeat(Math.max(1, size / 10));
            out.add(new SpoolRecord("id-" + i, body.getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    private static List<String> ids(List<Spool.Entry> entries) {
        return entries.stream().map(e -> e.record().id()).toList();
    }

    private static List<String> drain(Spool spool) throws IOException {
        List<String> all = new ArrayList<>();
        List<Spool.Entry> batch;
        while (!(batch = spool.peek(7)).isEmpty()) {
            all.addAll(ids(batch));
            spool.acknowledge(batch.get(batch.size() - 1));
        }
        return all;
    }

    @Test
    void recordsComeBackInOrderWithTheirIdsAndPayloads() throws IOException {
        try (Spool spool = Spool.open(dir, 1 << 20)) {
            spool.append(records(0, 3, 20));
            List<Spool.Entry> got = spool.peek(10);
            assertThat(ids(got)).containsExactly("id-0", "id-1", "id-2");
            assertThat(new String(got.get(1).record().payload(), StandardCharsets.UTF_8)).startsWith("record-1-");
            assertThat(spool.pending()).isEqualTo(3);
            spool.acknowledge(got.get(1));
            assertThat(spool.pending()).isEqualTo(1);
            assertThat(ids(spool.peek(10))).containsExactly("id-2");
        }
    }

    @Test
    void spoolFilesAreReadableByTheOwnerOnly() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path spoolDir = dir.resolve("sink");
        try (Spool spool = Spool.open(spoolDir, 1 << 20)) {
            spool.append(records(0, 3, 20));
        }
        assertThat(java.nio.file.Files.getPosixFilePermissions(spoolDir))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        try (var files = java.nio.file.Files.list(spoolDir)) {
            List<Path> segments = files.filter(f -> f.getFileName().toString().startsWith("seg-")).toList();
            assertThat(segments).isNotEmpty();
            for (Path segment : segments) {
                assertThat(java.nio.file.Files.getPosixFilePermissions(segment))
                        .as("%s holds accounts and addresses", segment)
                        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            }
        }
    }

    @Test
    void unacknowledgedRecordsAreReplayedAfterAReopen() throws IOException {
        try (Spool spool = Spool.open(dir, 1 << 20)) {
            spool.append(records(0, 5, 20));
            spool.acknowledge(spool.peek(2).get(1));
        }
        try (Spool spool = Spool.open(dir, 1 << 20)) {
            assertThat(spool.pending()).isEqualTo(3);
            spool.append(records(5, 2, 20));
            assertThat(drain(spool)).containsExactly("id-2", "id-3", "id-4", "id-5", "id-6");
        }
        try (Spool spool = Spool.open(dir, 1 << 20)) {
            assertThat(spool.pending()).isZero();
            assertThat(spool.peek(10)).isEmpty();
        }
    }

    @Test
    void manySegmentsAreReadAcrossAndDeletedOnceAcknowledged() throws IOException {
        try (Spool spool = Spool.open(dir, 512 << 10)) {
            // 64 KiB segments (an eighth of the cap): 300 records of ~1 KiB make several.
            spool.append(records(0, 300, 1000));
            assertThat(segments()).hasSizeGreaterThan(3);
            List<String> all = drain(spool);
            assertThat(all).hasSize(300).startsWith("id-0").endsWith("id-299").doesNotHaveDuplicates();
            assertThat(segments()).hasSize(1);
        }
    }

    @Test
    void aFullSpoolEvictsTheOldestRecordsAndCountsThem() throws IOException {
        long cap = 256 << 10; // 256 KiB, 64 KiB segments
        try (Spool spool = Spool.open(dir, cap)) {
            spool.append(records(0, 1000, 1000));
            assertThat(spool.bytes()).isLessThanOrEqualTo(cap);
            assertThat(spool.evicted()).isPositive();
            List<String> left = drain(spool);
            // Oldest went first: what is left is the newest, contiguous, ending with the last record.
            assertThat(left).endsWith("id-999");
            assertThat(spool.evicted() + left.size()).isEqualTo(1000);
            int first = Integer.parseInt(left.get(0).substring(3));
            assertThat(left).hasSize(1000 - first);
        }
    }

    @Test
    void aTruncatedSegmentKeepsItsGoodRecordsAndReportsTheBadBytes() throws IOException {
        try (Spool spool = Spool.open(dir, 1 << 20)) {
            spool.append(records(0, 10, 100));
        }
        Path segment = segments().get(0);
        long size = Files.size(segment);
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            f.setLength(size - 30); // power loss in the middle of the last record
        }
        try (Spool spool = Spool.open(dir, 1 << 20)) {
            assertThat(spool.corruptBytes()).isPositive();
            assertThat(spool.corruptSegments()).isEqualTo(1);
            assertThat(drain(spool)).containsExactly("id-0", "id-1", "id-2", "id-3", "id-4", "id-5", "id-6", "id-7", "id-8");
        }
        assertThat(Files.exists(segment)).isFalse();
    }

    @Test
    void aCorruptRecordInTheMiddleCostsOnlyThatRecord() throws IOException {
        try (Spool spool = Spool.open(dir, 1 << 20)) {
            spool.append(records(0, 10, 100));
        }
        Path segment = segments().get(0);
        byte[] bytes = Files.readAllBytes(segment);
        int recordLength = bytes.length / 10;
        bytes[recordLength * 4 + 40] ^= 0x5A; // a flipped byte in record 4's payload
        Files.write(segment, bytes);
        try (Spool spool = Spool.open(dir, 1 << 20)) {
            assertThat(spool.corruptBytes()).isEqualTo(recordLength);
            assertThat(drain(spool)).containsExactly("id-0", "id-1", "id-2", "id-3", "id-5", "id-6", "id-7", "id-8", "id-9");
        }
    }

    @Test
    void garbageInTheDirectoryDoesNotStopTheSpool() throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("seg-0000000000000000001.spool"), "not a spool at all\n".repeat(50).getBytes(StandardCharsets.UTF_8));
        Files.writeString(dir.resolve("cursor"), "nonsense");
        try (Spool spool = Spool.open(dir, 1 << 20)) {
            assertThat(spool.corruptBytes()).isEqualTo(950);
            spool.append(records(0, 2, 10));
            assertThat(drain(spool)).containsExactly("id-0", "id-1");
        }
    }

    @Test
    void aRecordLargerThanTheWholeSpoolIsRefusedAndCounted() throws IOException {
        try (Spool spool = Spool.open(dir, 64 << 10)) {
            assertThat(spool.append(records(0, 1, 100_000))).isZero();
            assertThat(spool.tooLarge()).isEqualTo(1);
            assertThat(spool.pending()).isZero();
        }
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".spool")).sorted().toList();
        }
    }

    @Test
    void oneDirectoryServesOneSpoolAtATime() throws IOException {
        try (Spool spool = Spool.open(dir, 1 << 20)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Spool.open(dir, 1 << 20))
                    .isInstanceOf(IOException.class).hasMessageContaining("in use");
        }
        try (Spool again = Spool.open(dir, 1 << 20)) {
            assertThat(again.pending()).isZero();
        }
    }
}
