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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The flag lines the filter logged on {@value #LOGGER}, from wherever they went. The filter logs
 * through SLF4J when the web app's class loader can see it (both containers here let web apps see
 * the test class path's slf4j-api, bound to slf4j-simple writing to the file named by
 * {@value #SIMPLE_LOGGER_FILE}), else through java.util.logging, which a handler here captures.
 *
 * <p>Flags are written by the filter's own thread, so readers wait for them ({@link #await}).
 */
public final class FlagLog {

    public static final String LOGGER = "io.logintelemetry.flags";
    /** slf4j-simple's output file, set by the failsafe configuration. */
    public static final String SIMPLE_LOGGER_FILE = "org.slf4j.simpleLogger.logFile";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FlagLog INSTANCE = new FlagLog();

    /** Held strongly: java.util.logging keeps loggers only weakly, and would drop our handler with it. */
    private final Logger julLogger = Logger.getLogger(LOGGER);
    private final List<String> julMessages = new CopyOnWriteArrayList<>();
    private final Path slf4jFile;

    private FlagLog() {
        String file = System.getProperty(SIMPLE_LOGGER_FILE);
        slf4jFile = file == null || file.equals("System.err") || file.equals("System.out") ? null : Path.of(file);
        julLogger.setLevel(Level.INFO);
        julLogger.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                julMessages.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    public static FlagLog get() {
        return INSTANCE;
    }

    /**
     * Every flag message so far, exactly as logged (one string per log call): from java.util.logging,
     * and from the slf4j-simple file the text after the logger name on lines of our logger.
     */
    public List<String> messages() {
        List<String> all = new ArrayList<>(julMessages);
        for (String line : fileLines()) {
            int at = line.indexOf(" " + LOGGER + " - ");
            if (at >= 0) {
                all.add(line.substring(at + LOGGER.length() + 4));
            }
        }
        return all;
    }

    /** All lines of the slf4j-simple file (split on LF only, so a stray CR stays visible). */
    public List<String> fileLines() {
        if (slf4jFile == null || !Files.exists(slf4jFile)) {
            return List.of();
        }
        try {
            return List.of(Files.readString(slf4jFile, StandardCharsets.UTF_8).split("\n", -1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every flag logged so far, parsed; a message that is not one JSON object fails the test. */
    public List<JsonNode> flags() {
        return parseAll(messages());
    }

    /** Waits until at least {@code count} logged flags match, and returns all that match. */
    public List<JsonNode> await(Predicate<JsonNode> which, int count, Duration timeout) {
        return await(this::messages, which, count, timeout);
    }

    /** As {@link #await}, counting only flags that went through java.util.logging. */
    public List<JsonNode> awaitFromJavaUtilLogging(Predicate<JsonNode> which, int count, Duration timeout) {
        return await(() -> List.copyOf(julMessages), which, count, timeout);
    }

    private static List<JsonNode> await(Supplier<List<String>> source, Predicate<JsonNode> which, int count,
                                        Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<JsonNode> matching = parseAll(source.get()).stream().filter(which).toList();
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

    private static List<JsonNode> parseAll(List<String> messages) {
        List<JsonNode> flags = new ArrayList<>(messages.size());
        for (String message : messages) {
            flags.add(parse(message));
        }
        return flags;
    }

    /** Flags of {@code signal} about {@code account}. */
    public static Predicate<JsonNode> signalFor(String signal, String account) {
        return f -> signal.equals(f.path("signal").asText()) && account.equals(f.path("account").asText());
    }

    /** Parses one logged message as a flag object; anything else is a broken flag line. */
    public static JsonNode parse(String message) {
        try {
            JsonNode n = JSON.readTree(message);
            if (n == null || !n.isObject()) {
                throw new AssertionError("A flag line is not one JSON object: " + abbreviate(message));
            }
            return n;
        } catch (IOException e) {
            throw new AssertionError("A flag line is not valid JSON (" + e.getMessage() + "): "
                    + abbreviate(message), e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 400 ? s.substring(0, 400) + "..." : s;
    }
}
