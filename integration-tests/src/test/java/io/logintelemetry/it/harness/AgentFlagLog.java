package io.logintelemetry.it.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The flag lines the Java agent wrote to its log file ({@code logintelemetry.agent.log-file}): the
 * JSON after the logger name {@value #LOGGER} on each line. Flags are written by the agent's own
 * thread, so readers wait for them.
 */
public final class AgentFlagLog {

    public static final String LOGGER = "io.logintelemetry.flags";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    public AgentFlagLog(Path file) {
        this.file = file;
    }

    /** Every flag so far. */
    public List<JsonNode> flags() {
        List<JsonNode> flags = new ArrayList<>();
        try {
            if (!Files.exists(file)) {
                return flags;
            }
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int at = line.indexOf(" " + LOGGER + " - ");
                if (at >= 0) {
                    flags.add(JSON.readTree(line.substring(at + LOGGER.length() + 4)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return flags;
    }

    /** The flags of {@code signal} for {@code account}. */
    public List<JsonNode> flags(String signal, String account) {
        return flags().stream().filter(f -> signal.equals(f.path("signal").asText())
                && (account == null || account.equals(f.path("account").asText()))).toList();
    }

    /** Waits (bounded) until a flag matching {@code match} is there, and returns it. */
    public JsonNode await(Predicate<JsonNode> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (JsonNode f : flags()) {
                if (match.test(f)) {
                    return f;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no such flag within " + timeout + "; flags: " + flags());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
