package io.logintelemetry.export.spool;

import io.logintelemetry.log.Logs;
import io.logintelemetry.state.DurableFiles;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * A sink's disk spool: what was handed to the sink and not yet acknowledged by its receiver.
 *
 * <p>Append-only segment files {@code seg-<n>.spool}; each record is framed as
 * {@code magic(2) length(4) crc32c(4) body}, body = {@code idLength(2) id payload}. A cursor file
 * says how far the receiver has acknowledged. {@link #append} returns only when the records are on
 * disk (file forced, and the directory too when a segment was created), so a record counted as
 * spooled survives a crash or power loss. The total size is capped: beyond it whole segments are
 * evicted, oldest first, and their unacknowledged records counted.
 *
 * <p>On {@link #open}, every segment is checked. A torn or corrupt record (power loss, a bad disk)
 * does not stop start-up: the good records of that segment are copied to a fresh segment, the bad
 * bytes are counted and reported, and the damaged file is removed.
 *
 * <p>One thread appends (the sink's spool writer) while another reads and acknowledges (the
 * sender); every method is synchronised, and file reads happen only below the length already
 * written, so the two never see half a record.
 */
public final class Spool implements Closeable {

    private static final Logs.Logger LOG = Logs.get("io.logintelemetry.export");
    private static final Pattern SEGMENT = Pattern.compile("seg-(\\d{19})\\.spool");
    private static final String CURSOR = "cursor";
    private static final byte MAGIC0 = (byte) 0xF1;
    private static final byte MAGIC1 = (byte) 0xA6;
    private static final int HEADER = 10;
    /** Largest body accepted: far above any flag; guards against a corrupt length field. */
    static final int MAX_BODY = 16 << 20;

    private final Path directory;
    private final long maxBytes;
    private final long segmentBytes;
    private final Deque<Segment> segments = new ArrayDeque<>();
    private long nextSeq;
    private FileChannel active;
    private FileChannel lockFile;
    private java.nio.channels.FileLock lock;

    // The cursor: records up to here are acknowledged. Always within the head segment.
    private long cursorSeq;
    private long cursorOffset;
    private int cursorIndex;

    private final LongAdder evicted = new LongAdder();
    private final LongAdder corruptBytes = new LongAdder();
    private final LongAdder corruptSegments = new LongAdder();
    private final LongAdder tooLarge = new LongAdder();

    private static final class Segment {
        final long seq;
        final Path path;
        long length;
        int records;

        Segment(long seq, Path path) {
            this.seq = seq;
            this.path = path;
        }
    }

    /** A record as read back, with where the cursor goes once it is acknowledged. */
    public record Entry(SpoolRecord record, long seq, long endOffset, int index) {
    }

    private volatile boolean recovered;

    private Spool(Path directory, long maxBytes, long segmentBytes) {
        this.directory = directory;
        this.maxBytes = maxBytes;
        this.segmentBytes = segmentBytes;
    }

    /**
     * Opens (creating if needed) the spool in {@code directory}, checking every segment.
     *
     * @param maxBytes most bytes the segments may take together
     */
    public static Spool open(Path directory, long maxBytes) throws IOException {
        Spool spool = prepare(directory, maxBytes);
        spool.recover();
        return spool;
    }

    /**
     * Creates the directory and takes its lock, which fails fast (at start-up) on a directory that
     * cannot be written or is another spool's; the segments are read later by {@link #recover}, on
     * a thread of the sink's own, since a full spool takes a while to check.
     *
     * @param maxBytes most bytes the segments may take together
     */
    public static Spool prepare(Path directory, long maxBytes) throws IOException {
        long segmentBytes = Math.max(64 << 10, Math.min(8L << 20, maxBytes / 8));
        Spool spool = new Spool(directory, maxBytes, segmentBytes);
        Files.createDirectories(directory, DurableFiles.ownerOnly(directory, "rwx------"));
        spool.lock();
        return spool;
    }

    /**
     * Checks every segment left by an earlier run (checksums, truncation), drops acknowledged ones
     * and opens this run's segment. Must complete before any other use of the spool; a second call
     * does nothing.
     */
    public synchronized void recover() throws IOException {
        if (recovered) {
            return;
        }
        load();
        recovered = true;
    }

    /** Whether {@link #recover} has completed. */
    public boolean recovered() {
        return recovered;
    }

    private void load() throws IOException {
        List<Long> seqs = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.forEach(f -> {
                Matcher m = SEGMENT.matcher(f.getFileName().toString());
                if (m.matches()) {
                    seqs.add(Long.parseLong(m.group(1)));
                }
            });
        }
        seqs.sort(null);
        long[] cursor = readCursor();
        nextSeq = seqs.isEmpty() ? 1 : seqs.get(seqs.size() - 1) + 1;
        List<Segment> damaged = new ArrayList<>();
        for (long seq : seqs) {
            Segment s = new Segment(seq, segmentPath(seq));
            if (seq < cursor[0]) {
                Files.deleteIfExists(s.path); // fully acknowledged before the last stop
                continue;
            }
            Scan scan = scan(s.path);
            s.length = scan.goodEnd;
            s.records = scan.records;
            if (scan.badBytes > 0) {
                corruptBytes.add(scan.badBytes);
                corruptSegments.increment();
                LOG.warn("Login Telemetry spool " + s.path + ": " + scan.badBytes + " damaged byte(s) skipped, "
                        + scan.records + " good record(s) kept");
                damaged.add(s);
            }
            segments.addLast(s);
        }
        Segment head = segments.peekFirst();
        if (head != null && head.seq == cursor[0]) {
            cursorSeq = head.seq;
            cursorOffset = Math.min(cursor[1], head.length);
            cursorIndex = countRecords(head, cursorOffset);
        } else if (head != null) {
            cursorSeq = head.seq;
        }
        // A new segment for this run: we never append behind bytes of a previous one.
        openNewSegment();
        for (Segment s : damaged) {
            rewrite(s);
        }
        dropConsumedSegments();
    }

    /** Copies the good, unacknowledged records of a damaged segment into the active one, then deletes it. */
    private void rewrite(Segment s) throws IOException {
        List<SpoolRecord> keep = new ArrayList<>();
        long from = s.seq == cursorSeq ? cursorOffset : 0;
        try (FileChannel ch = FileChannel.open(s.path, StandardOpenOption.READ)) {
            for (Parsed p : parseAll(ch, ch.size())) {
                if (p.start >= from) {
                    keep.add(p.record);
                }
            }
        }
        segments.remove(s);
        if (s.seq == cursorSeq) {
            Segment head = segments.peekFirst();
            cursorSeq = head.seq;
            cursorOffset = 0;
            cursorIndex = 0;
        }
        appendLocked(keep);
        Files.deleteIfExists(s.path);
        writeCursor();
        syncDirectory();
    }

    private record Scan(long goodEnd, int records, long badBytes) {
    }

    private record Parsed(SpoolRecord record, long start, long end) {
    }

    private static Scan scan(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            List<Parsed> good = parseAll(ch, size);
            long goodBytes = 0;
            long contiguousEnd = 0;
            boolean contiguous = true;
            for (Parsed p : good) {
                goodBytes += p.end - p.start;
                if (contiguous && p.start == contiguousEnd) {
                    contiguousEnd = p.end;
                } else {
                    contiguous = false;
                }
            }
            return new Scan(contiguousEnd, good.size(), size - goodBytes);
        }
    }

    /**
     * Every valid record of a file. After a damaged stretch it searches on, byte by byte, for the
     * next frame whose checksum holds, so one bad record does not cost the ones behind it.
     */
    private static List<Parsed> parseAll(FileChannel ch, long size) throws IOException {
        List<Parsed> out = new ArrayList<>();
        long pos = 0;
        while (pos + HEADER <= size) {
            Parsed p = parseAt(ch, pos, size);
            if (p != null) {
                out.add(p);
                pos = p.end;
            } else {
                pos++;
            }
        }
        return out;
    }

    private static Parsed parseAt(FileChannel ch, long pos, long size) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        readFully(ch, header, pos);
        header.flip();
        if (header.get() != MAGIC0 || header.get() != MAGIC1) {
            return null;
        }
        int length = header.getInt();
        int crc = header.getInt();
        if (length < 2 || length > MAX_BODY || pos + HEADER + length > size) {
            return null;
        }
        ByteBuffer body = ByteBuffer.allocate(length);
        readFully(ch, body, pos + HEADER);
        CRC32C check = new CRC32C();
        check.update(body.array(), 0, length);
        if ((int) check.getValue() != crc) {
            return null;
        }
        body.flip();
        int idLength = body.getShort() & 0xFFFF;
        if (idLength > length - 2) {
            return null;
        }
        String id = new String(body.array(), 2, idLength, StandardCharsets.UTF_8);
        byte[] payload = new byte[length - 2 - idLength];
        System.arraycopy(body.array(), 2 + idLength, payload, 0, payload.length);
        return new Parsed(new SpoolRecord(id, payload), pos, pos + HEADER + length);
    }

    private static void readFully(FileChannel ch, ByteBuffer buffer, long position) throws IOException {
        long pos = position;
        while (buffer.hasRemaining()) {
            int n = ch.read(buffer, pos);
            if (n < 0) {
                throw new IOException("unexpected end of spool segment");
            }
            pos += n;
        }
    }

    private int countRecords(Segment s, long upTo) throws IOException {
        int n = 0;
        try (FileChannel ch = FileChannel.open(s.path, StandardOpenOption.READ)) {
            long pos = 0;
            while (pos < upTo) {
                Parsed p = parseAt(ch, pos, s.length);
                if (p == null) {
                    break;
                }
                pos = p.end;
                n++;
            }
        }
        return n;
    }

    /**
     * Writes records and forces them to disk before returning.
     *
     * @return how many were written; a record larger than the whole spool is refused and counted
     */
    public synchronized int append(List<SpoolRecord> records) throws IOException {
        return appendLocked(records);
    }

    private int appendLocked(List<SpoolRecord> records) throws IOException {
        if (records.isEmpty()) {
            return 0;
        }
        int written = 0;
        boolean newSegment = false;
        for (SpoolRecord r : records) {
            byte[] frame = frame(r);
            if (frame.length > maxBytes || frame.length - HEADER > MAX_BODY) {
                tooLarge.increment();
                continue;
            }
            Segment tail = segments.peekLast();
            if (tail.length > 0 && tail.length + frame.length > segmentBytes) {
                active.force(true);
                openNewSegment();
                newSegment = true;
                tail = segments.peekLast();
            }
            evictFor(frame.length);
            ByteBuffer buffer = ByteBuffer.wrap(frame);
            while (buffer.hasRemaining()) {
                active.write(buffer);
            }
            tail.length += frame.length;
            tail.records++;
            written++;
        }
        active.force(true);
        if (newSegment) {
            syncDirectory();
        }
        return written;
    }

    private static byte[] frame(SpoolRecord r) {
        byte[] id = r.id().getBytes(StandardCharsets.UTF_8);
        int idLength = Math.min(id.length, 0xFFFF);
        int length = 2 + idLength + r.payload().length;
        ByteBuffer b = ByteBuffer.allocate(HEADER + length);
        b.put(MAGIC0).put(MAGIC1).putInt(length).putInt(0);
        b.putShort((short) idLength).put(id, 0, idLength).put(r.payload());
        CRC32C crc = new CRC32C();
        crc.update(b.array(), HEADER, length);
        b.putInt(6, (int) crc.getValue());
        return b.array();
    }

    /** Evicts whole segments, oldest first, until {@code more} bytes fit under the cap. */
    private void evictFor(long more) throws IOException {
        while (totalBytes() + more > maxBytes && segments.size() > 1) {
            Segment oldest = segments.pollFirst();
            int lost = oldest.seq == cursorSeq ? oldest.records - cursorIndex : oldest.records;
            evicted.add(lost);
            Files.deleteIfExists(oldest.path);
            Segment head = segments.peekFirst();
            cursorSeq = head.seq;
            cursorOffset = 0;
            cursorIndex = 0;
            writeCursor();
            if (lost > 0) {
                LOG.warn("Login Telemetry spool " + directory + " is full: " + lost + " oldest record(s) evicted");
            }
        }
    }

    private long totalBytes() {
        long total = 0;
        for (Segment s : segments) {
            total += s.length;
        }
        return total;
    }

    /**
     * Up to {@code max} records from the cursor on, oldest first, without acknowledging them. A
     * record whose bytes turn out damaged since start-up is skipped and counted.
     */
    public synchronized List<Entry> peek(int max) throws IOException {
        List<Entry> out = new ArrayList<>();
        long seq = cursorSeq;
        long offset = cursorOffset;
        int index = cursorIndex;
        for (Segment s : segments) {
            if (s.seq < seq) {
                continue;
            }
            if (s.seq > seq) {
                offset = 0;
                index = 0;
            }
            if (offset >= s.length) {
                continue;
            }
            FileChannel ch = s == segments.peekLast() ? active : FileChannel.open(s.path, StandardOpenOption.READ);
            try {
                while (offset < s.length && out.size() < max) {
                    Parsed p = parseAt(ch, offset, s.length);
                    if (p == null) {
                        // Damaged after start-up: give up on the rest of this segment.
                        corruptBytes.add(s.length - offset);
                        corruptSegments.increment();
                        LOG.warn("Login Telemetry spool " + s.path + ": damaged record at " + offset + ", rest of segment skipped");
                        s.records = index;
                        s.length = offset;
                        break;
                    }
                    index++;
                    offset = p.end;
                    out.add(new Entry(p.record, s.seq, offset, index));
                }
            } finally {
                if (ch != active) {
                    ch.close();
                }
            }
            if (out.size() >= max) {
                break;
            }
        }
        return out;
    }

    /**
     * Acknowledges every record up to and including {@code entry}: the receiver has it. Segments
     * wholly behind the cursor are deleted. An entry of a segment evicted meanwhile is ignored.
     */
    public synchronized void acknowledge(Entry entry) throws IOException {
        if (entry.seq() < cursorSeq || (entry.seq() == cursorSeq && entry.endOffset() <= cursorOffset)) {
            return;
        }
        cursorSeq = entry.seq();
        cursorOffset = entry.endOffset();
        cursorIndex = entry.index();
        dropConsumedSegments();
        writeCursor();
    }

    private void dropConsumedSegments() throws IOException {
        boolean dropped = false;
        while (segments.size() > 1) {
            Segment head = segments.peekFirst();
            boolean consumed = head.seq < cursorSeq || (head.seq == cursorSeq && cursorOffset >= head.length);
            if (!consumed) {
                break;
            }
            segments.pollFirst();
            Files.deleteIfExists(head.path);
            dropped = true;
        }
        if (segments.peekFirst() != null && cursorSeq < segments.peekFirst().seq) {
            cursorSeq = segments.peekFirst().seq;
            cursorOffset = 0;
            cursorIndex = 0;
        }
        if (dropped) {
            writeCursor();
        }
    }

    /** Records not yet acknowledged. */
    public synchronized long pending() {
        long n = 0;
        for (Segment s : segments) {
            n += s.seq == cursorSeq ? s.records - cursorIndex : s.records;
        }
        return n;
    }

    /** Bytes the segments take on disk. */
    public synchronized long bytes() {
        return totalBytes();
    }

    /** Records lost because the spool was full. */
    public long evicted() {
        return evicted.sum();
    }

    /** Damaged bytes found and skipped. */
    public long corruptBytes() {
        return corruptBytes.sum();
    }

    /** Segments in which damage was found. */
    public long corruptSegments() {
        return corruptSegments.sum();
    }

    /** Records refused as larger than the whole spool. */
    public long tooLarge() {
        return tooLarge.sum();
    }

    public Path directory() {
        return directory;
    }

    private void openNewSegment() throws IOException {
        if (active != null) {
            active.close();
        }
        long seq = nextSeq++;
        Segment s = new Segment(seq, segmentPath(seq));
        active = FileChannel.open(s.path, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.READ), DurableFiles.ownerOnly(s.path, "rw-------"));
        segments.addLast(s);
        if (segments.size() == 1) {
            cursorSeq = seq;
            cursorOffset = 0;
            cursorIndex = 0;
        }
        syncDirectory();
    }

    private Path segmentPath(long seq) {
        return directory.resolve(String.format("seg-%019d.spool", seq));
    }

    /**
     * Takes the directory for this spool alone: two spools on one directory (two JVMs of one app
     * with the same settings, two scans) would overwrite each other's cursor and segments.
     */
    private void lock() throws IOException {
        lockFile = FileChannel.open(directory.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            lock = lockFile.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lockFile.close();
            throw new IOException(directory + " is in use by another spool (another process or webapp with the same settings)");
        }
    }

    private long[] readCursor() throws IOException {
        try {
            String[] parts = Files.readString(directory.resolve(CURSOR), StandardCharsets.US_ASCII).trim().split(" ");
            return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
        } catch (NoSuchFileException e) {
            return new long[] {0, 0};
        } catch (RuntimeException e) {
            // A damaged cursor: deliver everything again rather than lose anything (at-least-once).
            LOG.warn("Login Telemetry spool " + directory + ": unreadable cursor, records may be delivered twice");
            return new long[] {0, 0};
        }
    }

    /** Replaces the cursor file atomically and durably (written, forced, renamed, directory forced). */
    private void writeCursor() throws IOException {
        Path temp = directory.resolve(CURSOR + ".tmp");
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap((cursorSeq + " " + cursorOffset + "\n").getBytes(StandardCharsets.US_ASCII)));
            ch.force(true);
        }
        DurableFiles.replace(temp, directory.resolve(CURSOR));
    }

    private void syncDirectory() throws IOException {
        DurableFiles.forceDirectory(directory);
    }

    @Override
    public synchronized void close() {
        try {
            if (active != null) {
                active.force(true);
                active.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                if (lockFile != null) {
                    lockFile.close(); // releases the lock
                }
            } catch (IOException e) {
                // the process ends or the next open reports it
            }
        }
    }
}
