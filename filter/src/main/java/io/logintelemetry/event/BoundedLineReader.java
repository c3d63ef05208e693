package io.logintelemetry.event;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines (LF or CRLF) without decoding them, holding at most
 * {@code maxLineBytes} of one line: a file that is one endless line must not exhaust the heap.
 * Decoding is left to the caller so that invalid UTF-8 can be reported per line.
 */
final class BoundedLineReader {

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[64 * 1024];
    private int bufferPos;
    private int bufferEnd;
    private byte[] line = new byte[256];
    private int lineLength;
    private boolean truncated;
    private long lineNumber;
    private boolean eof;

    BoundedLineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** Moves to the next line; false at end of input. */
    boolean next() throws IOException {
        if (eof) {
            return false;
        }
        lineLength = 0;
        truncated = false;
        boolean sawAnything = false;
        while (true) {
            if (bufferPos == bufferEnd) {
                bufferEnd = in.read(buffer, 0, buffer.length);
                bufferPos = 0;
                if (bufferEnd <= 0) {
                    bufferEnd = 0;
                    eof = true;
                    if (!sawAnything) {
                        return false;
                    }
                    break;
                }
            }
            sawAnything = true;
            int newline = indexOfNewline(bufferPos, bufferEnd);
            int end = newline < 0 ? bufferEnd : newline;
            append(bufferPos, end);
            bufferPos = newline < 0 ? bufferEnd : newline + 1;
            if (newline >= 0) {
                break;
            }
        }
        if (!truncated && lineLength > 0 && line[lineLength - 1] == '\r') {
            lineLength--;
        }
        lineNumber++;
        return true;
    }

    private int indexOfNewline(int from, int to) {
        for (int i = from; i < to; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void append(int from, int to) {
        int n = to - from;
        if (truncated || n == 0) {
            return;
        }
        if (lineLength + n > maxLineBytes) {
            // Keep nothing of an over-long line: it is reported, never parsed.
            truncated = true;
            lineLength = 0;
            return;
        }
        if (lineLength + n > line.length) {
            line = Arrays.copyOf(line, Math.min(maxLineBytes, Math.max(lineLength + n, line.length * 2)));
        }
        System.arraycopy(buffer, from, line, lineLength, n);
        lineLength += n;
    }

    /** The current line's bytes, without its line terminator; valid until the next call to {@link #next()}. */
    byte[] bytes() {
        return line;
    }

    int length() {
        return lineLength;
    }

    /** Whether the current line was longer than the limit (its bytes are then dropped). */
    boolean tooLong() {
        return truncated;
    }

    /** 1-based number of the current line. */
    long lineNumber() {
        return lineNumber;
    }
}
