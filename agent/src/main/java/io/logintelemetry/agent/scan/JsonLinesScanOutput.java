package io.logintelemetry.agent.scan;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import io.logintelemetry.engine.AccountSummary;
import io.logintelemetry.flag.Flag;
import io.logintelemetry.flag.FlagJson;
import io.logintelemetry.flag.RiskLevel;
import io.logintelemetry.flag.Signal;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.Map;

/** The scan's JSON Lines output (FLAGS.md): one object per line, flags written by {@link FlagJson}. */
final class JsonLinesScanOutput implements ScanOutput {

    private final Writer out;
    private final JsonGenerator json;

    JsonLinesScanOutput(Writer out) throws IOException {
        this.out = out;
        this.json = JsonFactory.builder().build().createGenerator(out);
        // Root values separated by a newline, not the default space: one record per line.
        json.setPrettyPrinter(new MinimalPrettyPrinter("\n"));
    }

    @Override
    public void flag(Flag flag) throws IOException {
        FlagJson.write(json, flag);
    }

    @Override
    public void beginAccounts() {
    }

    @Override
    public void account(AccountSummary a) throws IOException {
        json.writeStartObject();
        json.writeStringField("kind", "account");
        json.writeStringField("account", FlagJson.clean(a.account()));
        json.writeNumberField("score", a.score());
        json.writeStringField("level", a.level().wireName());
        json.writeArrayFieldStart("signals");
        for (Signal s : a.signals()) {
            json.writeString(s.id());
        }
        json.writeEndArray();
        writeInstant("first_seen", a.firstSeen());
        writeInstant("last_seen", a.lastSeen());
        // The other accounts of its linked group (FLAGS.md), bounded like every evidence list.
        json.writeArrayFieldStart("linked_accounts");
        for (String linked : a.linkedAccounts().subList(0, Math.min(a.linkedAccounts().size(),
                io.logintelemetry.flag.Evidence.MAX_LIST_ITEMS))) {
            json.writeString(FlagJson.clean(linked));
        }
        json.writeEndArray();
        if (a.linkedAccounts().size() > io.logintelemetry.flag.Evidence.MAX_LIST_ITEMS) {
            json.writeNumberField("linked_accounts_total", a.linkedAccounts().size());
        }
        json.writeEndObject();
    }

    @Override
    public void summary(ScanSummary s) throws IOException {
        json.writeStartObject();
        json.writeStringField("kind", "summary");
        json.writeArrayFieldStart("files");
        for (String f : s.files()) {
            json.writeString(FlagJson.clean(f));
        }
        json.writeEndArray();
        json.writeNumberField("events_read", s.eventsRead());
        json.writeNumberField("events_skipped", s.eventsSkipped());
        json.writeArrayFieldStart("skipped");
        for (SkippedLines.Skipped k : s.skipped()) {
            json.writeStartObject();
            json.writeStringField("file", FlagJson.clean(k.file()));
            json.writeNumberField("line", k.line());
            json.writeStringField("reason", FlagJson.clean(k.reason()));
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeNumberField("accounts_seen", s.accountsSeen());
        json.writeObjectFieldStart("accounts_by_level");
        for (RiskLevel level : RiskLevel.values()) {
            json.writeNumberField(level.wireName(), s.accountsByLevel().getOrDefault(level, 0L));
        }
        json.writeEndObject();
        json.writeNumberField("flags", s.flags());
        json.writeObjectFieldStart("flags_by_signal");
        for (Map.Entry<String, Long> e : s.flagsBySignal().entrySet()) {
            json.writeNumberField(e.getKey(), e.getValue());
        }
        json.writeEndObject();
        json.writeNumberField("elapsed_ms", s.elapsedMillis());
        json.writeEndObject();
    }

    private void writeInstant(String name, long millis) throws IOException {
        if (millis == Long.MIN_VALUE) {
            json.writeNullField(name);
        } else {
            json.writeStringField(name, Instant.ofEpochMilli(millis).toString());
        }
    }

    @Override
    public void close() throws IOException {
        json.flush();
        out.write('\n');
        out.flush();
    }
}
