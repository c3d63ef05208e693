package io.logintelemetry.servlet;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.logintelemetry.config.ConfigException;
import io.logintelemetry.config.ConfigKey;
import io.logintelemetry.config.ConfigKeys;
import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.event.Event;
import io.logintelemetry.event.EventType;
import io.logintelemetry.log.Logs;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Capture rules: for applications that will not change code, configuration maps requests (method,
 * path, optional conditions) and their form parameters or JSON body fields to events of EVENTS.md,
 * which then take the same way into the engine as events of the public API.
 *
 * <p>The host application comes first. Form parameters are read after the application handled the
 * request, and only when it answered 2xx or 3xx (the change was accepted). A JSON body is never read
 * by us: {@link #prepare} wraps the request so that what the application itself reads is also copied,
 * up to {@code capture.max-body-bytes} and only for {@code capture.content-types}; a body the
 * application does not read stays unread. Bad bodies are skipped without a word to the application.
 * Asynchronous requests (still running when the filter chain returns) are not captured.
 *
 * <p>Plain code: the filter calls it, and so can other intake (the agent) holding the request and
 * response objects: {@code prepare} before the application runs (hand the application the request it
 * returns), {@code capture} after it.
 */
public final class CaptureRules {

    private static final Logs.Logger LOG = Logs.get("io.logintelemetry");
    private static final long WARN_INTERVAL_MILLIS = 60_000;
    /** Bodies are small and bounded already; the limits keep a hostile one from costing more than its size. */
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(64).maxStringLength(1_000_000).maxNumberLength(100).build())
            .build()).build();

    private static final CaptureRules NONE = new CaptureRules(List.of(), 0, List.of());

    private final List<CaptureRule> rules;
    private final int maxBodyBytes;
    private final List<String> contentTypes;
    private final boolean anyNeedsBody;
    private volatile long lastWarning;

    private CaptureRules(List<CaptureRule> rules, int maxBodyBytes, List<String> contentTypes) {
        this.rules = rules;
        this.maxBodyBytes = maxBodyBytes;
        this.contentTypes = contentTypes;
        this.anyNeedsBody = rules.stream().anyMatch(r -> r.needsBody);
    }

    /**
     * The rules of a configuration: {@code capture.rules} and the file {@code capture.rules-file}.
     *
     * @throws ConfigException naming the key whose rule is wrong, and why
     */
    public static CaptureRules from(LoginTelemetryConfig config) {
        List<CaptureRule> rules = new ArrayList<>();
        parseInto(rules, ConfigKeys.CAPTURE_RULES, List.of(config.get(ConfigKeys.CAPTURE_RULES).split(";")));
        String file = config.get(ConfigKeys.CAPTURE_RULES_FILE);
        if (!file.isBlank()) {
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of(file.strip()), StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                throw new ConfigException(ConfigKeys.CAPTURE_RULES_FILE.name(), "cannot read " + file + ": " + e);
            }
            List<String> withoutComments = new ArrayList<>(lines.size());
            for (String line : lines) {
                int hash = line.indexOf('#');
                withoutComments.add(hash >= 0 ? line.substring(0, hash) : line);
            }
            parseInto(rules, ConfigKeys.CAPTURE_RULES_FILE, withoutComments);
        }
        if (rules.isEmpty()) {
            return NONE;
        }
        List<String> types = config.get(ConfigKeys.CAPTURE_CONTENT_TYPES).stream()
                .map(t -> t.toLowerCase(Locale.ROOT)).toList();
        return new CaptureRules(List.copyOf(rules), config.get(ConfigKeys.CAPTURE_MAX_BODY_BYTES), types);
    }

    private static void parseInto(List<CaptureRule> rules, ConfigKey<?> key, List<String> texts) {
        for (String text : texts) {
            if (text.isBlank()) {
                continue;
            }
            try {
                rules.add(CaptureRule.parse(text));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key.name(), e.getMessage());
            }
        }
    }

    /** Whether there are no rules (then the other methods do nothing). */
    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /**
     * Before the application handles a request: the request to hand it. When a rule that reads the
     * JSON body applies to this request and its content type is one of {@code capture.content-types},
     * a wrapper that copies what the application reads; otherwise {@code request} itself.
     *
     * @param path the request's path inside the web application
     */
    public HttpServletRequest prepare(HttpServletRequest request, String path) {
        if (!anyNeedsBody || !isCapturedContentType(request.getContentType())) {
            return request;
        }
        String method = request.getMethod();
        for (CaptureRule rule : rules) {
            if (rule.needsBody && rule.matches(method, path)) {
                return new BodyCopy(request, maxBodyBytes);
            }
        }
        return request;
    }

    /**
     * After the application handled a request: the events its rules make.
     *
     * @param request     the original request (the one given to {@link #prepare})
     * @param prepared    what {@link #prepare} returned for it (the body copy, or the request itself)
     * @param path        the request's path inside the web application
     * @param status      the status the application answered
     * @param account     the account of the request as resolved after the application ran; may be null
     * @param newEvent    an event of a type for an account, with the request's IP, session and device
     * @param accept      where finished events go (the engine)
     */
    public void capture(HttpServletRequest request, HttpServletRequest prepared, String path, int status, String account,
                        BiFunction<EventType, String, Event.Builder> newEvent, Consumer<Event> accept) {
        if (rules.isEmpty() || status < 200 || status >= 400 || isAsync(request)) {
            return;
        }
        String method = request.getMethod();
        JsonNode body = null;
        boolean bodyParsed = false;
        for (CaptureRule rule : rules) {
            if (!rule.matches(method, path)) {
                continue;
            }
            if (rule.needsBody && !bodyParsed) {
                body = body(prepared);
                bodyParsed = true;
            }
            if (rule.needsBody && body == null) {
                // The application read no body, or not all of it within the limit, or it is not JSON.
                continue;
            }
            if (!conditionsHold(rule, request, body)) {
                continue;
            }
            String who = rule.account != null ? rule.account.valueFrom(request, body) : account;
            if (who == null || who.isBlank()) {
                warnAtMostEveryMinute("Login Telemetry capture rule '" + rule
                        + "' matched a request without an account (not logged in, no account= source): no event");
                continue;
            }
            Event.Builder event = newEvent.apply(rule.type, who);
            for (var field : rule.fields.entrySet()) {
                event.detail(field.getKey(), field.getValue().valueFrom(request, body));
            }
            accept.accept(event.build());
        }
    }

    /**
     * An asynchronous request is still running when the filter chain returns: its answer and its
     * body are not known yet, so it is not captured.
     */
    private static boolean isAsync(HttpServletRequest request) {
        try {
            return request.isAsyncStarted();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean conditionsHold(CaptureRule rule, HttpServletRequest request, JsonNode body) {
        for (CaptureRule.Condition c : rule.conditions) {
            String value = c.source().valueFrom(request, body);
            if (c.expected() == null ? value == null || value.isBlank() : !c.expected().equals(value)) {
                return false;
            }
        }
        return true;
    }

    /** The JSON the application read, or null (nothing read, too large, not JSON). */
    private static JsonNode body(HttpServletRequest prepared) {
        if (!(prepared instanceof BodyCopy copy)) {
            return null;
        }
        byte[] bytes = copy.copy();
        if (bytes == null) {
            return null;
        }
        try {
            return JSON.readTree(bytes);
        } catch (IOException | RuntimeException e) {
            // Not JSON, cut short, or beyond the parser's limits: the application's business, not ours.
            return null;
        }
    }

    private void warnAtMostEveryMinute(String message) {
        long now = System.currentTimeMillis();
        long last = lastWarning;
        if (now - last >= WARN_INTERVAL_MILLIS) {
            lastWarning = now;
            LOG.warn(message);
        }
    }

    private boolean isCapturedContentType(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String mediaType = (semicolon >= 0 ? contentType.substring(0, semicolon) : contentType).strip()
                .toLowerCase(Locale.ROOT);
        for (String accepted : contentTypes) {
            int star = accepted.indexOf('*');
            if (star < 0 ? mediaType.equals(accepted)
                    : mediaType.length() > accepted.length() - 1 && mediaType.startsWith(accepted.substring(0, star))
                            && mediaType.endsWith(accepted.substring(star + 1))) {
                return true;
            }
        }
        return false;
    }

    /** The rules, one per line as written (for start-up logging). */
    List<String> describe() {
        return rules.stream().map(CaptureRule::toString).toList();
    }
}
