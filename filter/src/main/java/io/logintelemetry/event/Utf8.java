package io.logintelemetry.event;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 decoding of one line at a time.
 *
 * <p>We refuse a line with invalid bytes rather than decode it with U+FFFD: replacement would turn
 * two different broken account ids into the same account and attribute one's activity to the other.
 */
final class Utf8 {

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private CharBuffer chars = CharBuffer.allocate(1024);
    private int errorOffset;

    /** The decoded text, or null when the bytes are not valid UTF-8 (see {@link #errorOffset()}). */
    String decode(byte[] bytes, int offset, int length) {
        if (chars.capacity() < length) {
            chars = CharBuffer.allocate(length);
        }
        chars.clear();
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, length);
        decoder.reset();
        CoderResult r = decoder.decode(in, chars, true);
        if (!r.isError()) {
            r = decoder.flush(chars);
        }
        if (r.isError()) {
            errorOffset = in.position() - offset;
            return null;
        }
        chars.flip();
        return chars.toString();
    }

    /** Byte offset, within the line, of the first invalid byte of the last failed {@link #decode}. */
    int errorOffset() {
        return errorOffset;
    }
}
