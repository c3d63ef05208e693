package io.logintelemetry.export.format;

import com.fasterxml.jackson.core.JsonGenerator;
import io.logintelemetry.flag.Flag;
import io.logintelemetry.flag.Signal;
import io.logintelemetry.net.IpAddress;
import java.io.IOException;
import java.time.Instant;

/**
 * Elastic Common Schema (ECS 8) document of a flag, one line of JSON: {@code event.kind: alert},
 * {@code event.category} authentication or session, {@code event.id} the flag id, {@code rule.id}
 * the signal, {@code message} the summary, {@code user.name}, {@code source.ip}, {@code host.name}.
 * Our own fields (evidence, action, session, device) live under {@code logintelemetry.*}.
 *
 * <p>A pseudonymised address is no IP (Elastic would refuse it in an {@code ip} field), so it goes
 * to {@code source.address}.
 */
public final class EcsFormat implements FlagFormat {

    static final String ECS_VERSION = "8.11.0";

    @Override
    public String format(Flag f) {
        return Json.write(g -> write(g, f));
    }

    /** Writes the document with a generator the caller owns. */
    public static void write(JsonGenerator g, Flag f) throws IOException {
        g.writeStartObject();
        g.writeStringField("@timestamp", Instant.ofEpochMilli(f.timestamp()).toString());
        Json.string(g, "message", f.summary());
        g.writeObjectFieldStart("ecs");
        g.writeStringField("version", ECS_VERSION);
        g.writeEndObject();
        g.writeObjectFieldStart("event");
        g.writeStringField("kind", "alert");
        g.writeArrayFieldStart("category");
        g.writeString(category(f.signal()));
        g.writeEndArray();
        g.writeArrayFieldStart("type");
        g.writeString("info");
        g.writeEndArray();
        Json.string(g, "id", f.id());
        g.writeNumberField("severity", Severities.cef(f.severity()));
        g.writeNumberField("risk_score", Severities.riskScore(f.severity()));
        g.writeStringField("module", "logintelemetry");
        g.writeStringField("dataset", "logintelemetry.flag");
        Json.string(g, "reason", f.summary());
        g.writeEndObject();
        g.writeObjectFieldStart("rule");
        g.writeStringField("id", f.signal().id());
        g.writeStringField("name", f.signal().id());
        g.writeStringField("ruleset", "logintelemetry");
        g.writeEndObject();
        g.writeObjectFieldStart("user");
        Json.string(g, "name", f.account());
        g.writeEndObject();
        if (f.ip() != null) {
            g.writeObjectFieldStart("source");
            Json.string(g, IpAddress.parse(f.ip()).isPresent() ? "ip" : "address", f.ip());
            g.writeEndObject();
        }
        if (f.node() != null) {
            g.writeObjectFieldStart("host");
            Json.string(g, "name", f.node());
            g.writeEndObject();
        }
        g.writeObjectFieldStart("logintelemetry");
        g.writeStringField("severity", f.severity().wireName());
        g.writeStringField("action", f.action().wireName());
        Json.string(g, "session", f.session());
        Json.string(g, "device", f.device());
        g.writeFieldName("evidence");
        Json.evidence(g, f.evidence());
        g.writeEndObject();
        g.writeEndObject();
    }

    /** session for the signals about how sessions and activity look, authentication for the rest. */
    static String category(Signal s) {
        return s.id().startsWith("session.") || s.id().startsWith("activity.") ? "session" : "authentication";
    }
}
