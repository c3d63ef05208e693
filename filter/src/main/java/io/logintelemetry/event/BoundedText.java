package io.logintelemetry.event;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Keeps identifiers and texts from outside within fixed sizes.
 *
 * <p>An over-long id is not simply cut: two 10 KB names with a common prefix would merge into one
 * account. It keeps its head and ends with a hash of the whole value, so distinct ids stay distinct.
 * Characters are kept as they are (CR/LF included): escaping is the job of each output format.
 */
public final class BoundedText {

    private static final int HASH_CHARS = 16;

    private BoundedText() {
    }

    /** Null for null or blank; otherwise the id, shortened with a hash when over {@link Event#MAX_ID_LENGTH}. */
    public static String id(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() <= Event.MAX_ID_LENGTH) {
            return value;
        }
        int head = Event.MAX_ID_LENGTH - HASH_CHARS - 1;
        return value.substring(0, safeCut(value, head)) + "~" + sha256Hex(value).substring(0, HASH_CHARS);
    }

    /** Null for null or blank; otherwise at most {@code max} characters, never splitting a surrogate pair. */
    public static String text(String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return value.length() <= max ? value : value.substring(0, safeCut(value, max));
    }

    private static int safeCut(String s, int at) {
        return Character.isHighSurrogate(s.charAt(at - 1)) ? at - 1 : at;
    }

    /** Lower-case hex SHA-256 of the UTF-8 bytes of {@code value}. */
    public static String sha256Hex(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
