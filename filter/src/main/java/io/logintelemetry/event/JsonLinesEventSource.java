package io.logintelemetry.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;

/** JSON Lines: one object per physical line, UTF-8; blank lines are skipped silently. */
final class JsonLinesEventSource implements EventSource {

    /** Longest line we parse; an event is a few hundred bytes, and ids and texts are cut far below this. */
    static final int MAX_LINE_BYTES = 1024 * 1024;

    private static final ObjectMapper JSON = JsonMapper.builder()
            // "{...} garbage" is a broken line, not an event followed by noise.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // Two "account" fields would leave which one counts to the parser's whim.
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final InputStream in;
    private final BoundedLineReader lines;
    private final Utf8 utf8 = new Utf8();

    JsonLinesEventSource(InputStream in) {
        this.in = in;
        this.lines = new BoundedLineReader(in, MAX_LINE_BYTES);
    }

    @Override
    public ParsedLine next() throws IOException {
        while (lines.next()) {
            long number = lines.lineNumber();
            if (lines.tooLong()) {
                return ParsedLine.malformed(number, "line longer than " + MAX_LINE_BYTES + " bytes");
            }
            int start = number == 1 ? skipByteOrderMark() : 0;
            String text = utf8.decode(lines.bytes(), start, lines.length() - start);
            if (text == null) {
                return ParsedLine.malformed(number, "invalid UTF-8 at byte " + (start + utf8.errorOffset() + 1));
            }
            if (text.isBlank()) {
                continue;
            }
            return parse(number, text);
        }
        return null;
    }

    private int skipByteOrderMark() {
        byte[] b = lines.bytes();
        return lines.length() >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF ? 3 : 0;
    }

    private static ParsedLine parse(long number, String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return ParsedLine.malformed(number, "bad JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            return ParsedLine.malformed(number, "not a JSON object");
        }
        var fieldNames = root.fieldNames();
        while (fieldNames.hasNext()) {
            String name = fieldNames.next();
            JsonNode value = root.get(name);
            if (EventFields.isKnown(name) && value.isContainerNode()) {
                return ParsedLine.malformed(number, "field " + name + " must be a string or number");
            }
        }
        return EventFields.toEvent(number, name -> {
            JsonNode value = root.get(name);
            return value == null || value.isNull() ? null : value.asText();
        });
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
