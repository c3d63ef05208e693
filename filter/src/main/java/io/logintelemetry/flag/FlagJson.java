package io.logintelemetry.flag;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link Flag} as one JSON object on one line, in the field order of FLAGS.md.
 *
 * <p>JSON string escaping turns CR, LF and every other control character into escapes, so a value
 * can never start a new log line. Unpaired UTF-16 surrogates (which cannot be encoded) become
 * U+FFFD.
 */
public final class FlagJson {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private FlagJson() {
    }

    public static String toJson(Flag flag) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            write(g, flag);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Writes the flag object with a generator the caller owns. */
    public static void write(JsonGenerator g, Flag flag) throws IOException {
        g.writeStartObject();
        g.writeStringField("kind", "flag");
        g.writeStringField("id", clean(flag.id()));
        g.writeStringField("signal", flag.signal().id());
        g.writeStringField("severity", flag.severity().wireName());
        g.writeStringField("ts", Instant.ofEpochMilli(flag.timestamp()).toString());
        g.writeStringField("account", clean(flag.account()));
        writeOptional(g, "ip", flag.ip());
        writeOptional(g, "session", flag.session());
        writeOptional(g, "device", flag.device());
        g.writeStringField("summary", clean(flag.summary()));
        g.writeFieldName("evidence");
        writeEvidence(g, flag.evidence());
        g.writeStringField("action", flag.action().wireName());
        writeOptional(g, "node", flag.node());
        g.writeEndObject();
    }

    private static void writeOptional(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, clean(value));
        }
    }

    /**
     * Writes evidence as one JSON object with typed values (numbers, booleans, strings, string
     * arrays), names and strings {@linkplain #clean cleaned}. Shared by the log and the exporters, so
     * the evidence reads the same everywhere.
     */
    public static void writeEvidence(JsonGenerator g, Evidence evidence) throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, Object> e : evidence.values().entrySet()) {
            writeValue(g, clean(e.getKey()), e.getValue());
        }
        g.writeEndObject();
    }

    private static void writeValue(JsonGenerator g, String name, Object value) throws IOException {
        if (value instanceof Long || value instanceof Integer) {
            g.writeNumberField(name, ((Number) value).longValue());
        } else if (value instanceof Number n) {
            g.writeNumberField(name, n.doubleValue());
        } else if (value instanceof Boolean b) {
            g.writeBooleanField(name, b);
        } else if (value instanceof List<?> list) {
            g.writeArrayFieldStart(name);
            for (Object item : list) {
                g.writeString(clean(String.valueOf(item)));
            }
            g.writeEndArray();
        } else {
            g.writeStringField(name, clean(String.valueOf(value)));
        }
    }

    /** Replaces unpaired surrogates with U+FFFD; everything else is escaped by the generator. */
    public static String clean(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean bad = Character.isHighSurrogate(c)
                    ? i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))
                    : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
            if (bad) {
                if (b == null) {
                    b = new StringBuilder(s);
                }
                b.setCharAt(i, '\uFFFD');
            }
        }
        return b == null ? s : b.toString();
    }
}
