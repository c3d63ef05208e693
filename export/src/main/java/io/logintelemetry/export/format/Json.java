package io.logintelemetry.export.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.logintelemetry.flag.Evidence;
import io.logintelemetry.flag.FlagJson;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** JSON writing shared by the JSON-based formats: one generator per record, strings made well-formed. */
final class Json {

    static final JsonFactory FACTORY = JsonFactory.builder().build();

    private Json() {
    }

    interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    static String write(Body body) {
        StringWriter out = new StringWriter(768);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    static void string(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, FlagJson.clean(value));
        }
    }

    /** The evidence as a JSON object, values typed (numbers, booleans, strings, string arrays). */
    static void evidence(JsonGenerator g, Evidence evidence) throws IOException {
        FlagJson.writeEvidence(g, evidence);
    }

    static String evidence(Evidence evidence) {
        return write(g -> evidence(g, evidence));
    }
}
