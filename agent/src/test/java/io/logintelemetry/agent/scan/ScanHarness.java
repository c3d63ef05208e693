package io.logintelemetry.agent.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.logintelemetry.agent.AgentMain;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs the agent's command line in-process and splits its JSON Lines report into records. */
final class ScanHarness {

    static final ObjectMapper JSON = new ObjectMapper();

    /** What one run printed. */
    record Result(int exitCode, String out, String err) {

        List<JsonNode> records() {
            List<JsonNode> result = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (!line.isEmpty()) {
                    try {
                        result.add(JSON.readTree(line));
                    } catch (IOException e) {
                        throw new UncheckedIOException("not a JSON line: " + line, e);
                    }
                }
            }
            return result;
        }

        List<JsonNode> ofKind(String kind) {
            return records().stream().filter(r -> kind.equals(r.path("kind").asText())).toList();
        }

        /** Flags as JSON without their random ids, in output order: what must not depend on input order. */
        List<String> flagsWithoutIds() {
            return ofKind("flag").stream().map(f -> {
                ObjectNode copy = f.deepCopy();
                copy.remove("id");
                return copy.toString();
            }).toList();
        }

        JsonNode summary() {
            List<JsonNode> s = ofKind("summary");
            if (s.size() != 1) {
                throw new AssertionError("expected one summary record in:\n" + out + "\nstderr:\n" + err);
            }
            return s.get(0);
        }
    }

    private ScanHarness() {
    }

    static Result run(String... args) {
        CommandLine cl = AgentMain.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
