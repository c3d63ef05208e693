package io.logintelemetry.it.harness;

import com.fasterxml.jackson.databind.JsonNode;
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
 * The log the operator reads: the slf4j-simple file that every web app's SLF4J writes to (see
 * {@link FlagLog}), lines like {@code 1234 [thread] ERROR io.logintelemetry - message}. The file is
 * shared by all containers of the test JVM, so a test class takes a {@link #mark()} before starting
 * its container and looks only at the lines after it.
 */
public final class ServerLog {

    private ServerLog() {
    }

    /** The current end of the log: pass it to {@link #linesSince}. */
    public static int mark() {
        // slf4j-simple truncates its file when it starts, which is on the first logger anyone asks for:
        // start it now, or a mark taken before a container's first log line would point past the end.
        org.slf4j.LoggerFactory.getLogger(ServerLog.class);
        return lines().size();
    }

    /** The lines written after {@code mark}. */
    public static List<String> linesSince(int mark) {
        List<String> all = lines();
        return mark >= all.size() ? List.of() : List.copyOf(all.subList(mark, all.size()));
    }

    /** The JSON messages of {@code logger} (e.g. io.logintelemetry.audit) written after {@code mark}. */
    public static List<JsonNode> jsonMessages(String logger, int mark) {
        String marker = " " + logger + " - ";
        List<JsonNode> messages = new ArrayList<>();
        for (String line : linesSince(mark)) {
            int at = line.indexOf(marker);
            if (at >= 0) {
                messages.add(FlagLog.parse(line.substring(at + marker.length())));
            }
        }
        return messages;
    }

    /**
     * Waits until at least {@code count} JSON messages of {@code logger} after {@code mark} match
     * (they are written by the filter's own threads), and returns all that match.
     */
    public static List<JsonNode> awaitJson(String logger, int mark, Predicate<JsonNode> which, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<JsonNode> matching = jsonMessages(logger, mark).stream().filter(which).toList();
            if (matching.size() >= count || System.nanoTime() > deadline) {
                return matching;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return matching;
            }
        }
    }

    private static List<String> lines() {
        String file = System.getProperty(FlagLog.SIMPLE_LOGGER_FILE);
        if (file == null || file.equals("System.err") || file.equals("System.out")) {
            throw new IllegalStateException("slf4j-simple does not write to a file (" + FlagLog.SIMPLE_LOGGER_FILE
                    + "); run the tests through Maven");
        }
        Path path = Path.of(file);
        if (!Files.exists(path)) {
            return List.of();
        }
        try {
            String text = Files.readString(path, StandardCharsets.UTF_8);
            // A line still being written has no LF yet: leave it for the next read.
            int complete = text.lastIndexOf('\n') + 1;
            return complete == 0 ? List.of() : List.of(text.substring(0, complete - 1).split("\n", -1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
