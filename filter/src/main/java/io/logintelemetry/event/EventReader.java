package io.logintelemetry.event;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;

/**
 * Reads telemetry events from a JSON Lines or CSV file (EVENTS.md), plain or gzip-compressed, one
 * record at a time: memory use does not grow with the file.
 *
 * <p>Every record comes back as a {@link ParsedLine}: the event, or the reason the record was
 * skipped (bad JSON or CSV, missing or unknown fields, bad values, invalid UTF-8, over-long line)
 * with the line it starts on. A malformed record never stops the reader; only an I/O failure of the
 * file itself (or a CSV file without a usable header) does, as an {@link IOException}.
 *
 * <p>Compression is detected from the gzip magic bytes, not the name; the format from the name
 * ({@link InputFormat#fromFileName}) or else from the first byte of content.
 */
public final class EventReader implements Iterator<ParsedLine>, Closeable {

    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;

    private final EventSource source;
    private final CountingInputStream raw;
    private final InputFormat format;
    private ParsedLine lookahead;
    private boolean finished;

    private EventReader(EventSource source, CountingInputStream raw, InputFormat format) {
        this.source = source;
        this.raw = raw;
        this.format = format;
    }

    /** Opens a file, detecting compression and format. */
    public static EventReader open(Path file) throws IOException {
        return open(file, InputFormat.fromFileName(file.getFileName().toString()));
    }

    /**
     * Opens a file in a given format ({@code null}: detect it from the content).
     *
     * @throws IOException when the file cannot be opened or its gzip header is broken
     */
    public static EventReader open(Path file, InputFormat format) throws IOException {
        return open(Files.newInputStream(file), format);
    }

    /** Reads from a stream (closed with the reader) in a given format ({@code null}: detect it). */
    public static EventReader open(InputStream stream, InputFormat format) throws IOException {
        CountingInputStream raw = new CountingInputStream(stream);
        try {
            BufferedInputStream in = new BufferedInputStream(raw, 64 * 1024);
            if (isGzip(in)) {
                in = new BufferedInputStream(new GZIPInputStream(in, 64 * 1024), 64 * 1024);
            }
            InputFormat actual = format != null ? format : InputFormat.sniff(in);
            EventSource source = actual == InputFormat.CSV ? new CsvEventSource(in) : new JsonLinesEventSource(in);
            return new EventReader(source, raw, actual);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    private static boolean isGzip(BufferedInputStream in) throws IOException {
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        return first == GZIP_MAGIC_1 && second == GZIP_MAGIC_2;
    }

    /** The next record, or null at end of input. */
    public ParsedLine read() throws IOException {
        if (lookahead != null) {
            ParsedLine r = lookahead;
            lookahead = null;
            return r;
        }
        if (finished) {
            return null;
        }
        ParsedLine r = source.next();
        if (r == null) {
            finished = true;
        }
        return r;
    }

    /** {@inheritDoc} I/O failures surface as {@link UncheckedIOException}. */
    @Override
    public boolean hasNext() {
        if (lookahead == null && !finished) {
            try {
                lookahead = read();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return lookahead != null;
    }

    @Override
    public ParsedLine next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ParsedLine r = lookahead;
        lookahead = null;
        return r;
    }

    /** The format being read. */
    public InputFormat format() {
        return format;
    }

    /** Bytes taken from the underlying file so far (compressed bytes for gzip), for progress reports. */
    public long bytesRead() {
        return raw.count;
    }

    @Override
    public void close() throws IOException {
        source.close();
    }

    /** Counts what the file gives, so progress is a share of its size on disk. */
    private static final class CountingInputStream extends FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }
    }
}
