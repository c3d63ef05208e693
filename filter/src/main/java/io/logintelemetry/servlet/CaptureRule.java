package io.logintelemetry.servlet;

import io.logintelemetry.event.EventType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One capture rule: which requests (method, path, optional conditions) make which event, and where
 * each of its fields comes from.
 *
 * <pre>
 * POST /account/payout -&gt; payout_account holder_name=form:holder payout_ref=form:account_no
 * POST /api/messages if json:/kind=direct -&gt; message to=json:/to text=json:/body
 * </pre>
 */
final class CaptureRule {

    /**
     * The event types a rule can make: what an app's own endpoints say. Requests and session ends
     * are seen by the filter itself.
     */
    private static final Set<EventType> CAPTURABLE = EnumSet.complementOf(EnumSet.of(EventType.REQUEST, EventType.SESSION_END));

    /** A condition: the source's value equals {@code expected}, or is present when {@code expected} is null. */
    record Condition(CaptureSource source, String expected) {
    }

    final String text;
    final String method;
    final UrlPatterns path;
    final List<Condition> conditions;
    final EventType type;
    final CaptureSource account;
    final Map<String, CaptureSource> fields;
    final boolean needsBody;

    private CaptureRule(String text, String method, UrlPatterns path, List<Condition> conditions, EventType type,
                        CaptureSource account, Map<String, CaptureSource> fields) {
        this.text = text;
        this.method = method;
        this.path = path;
        this.conditions = conditions;
        this.type = type;
        this.account = account;
        this.fields = fields;
        boolean body = account != null && account.needsBody();
        for (Condition c : conditions) {
            body |= c.source().needsBody();
        }
        for (CaptureSource s : fields.values()) {
            body |= s.needsBody();
        }
        this.needsBody = body;
    }

    /** Whether the rule applies to a request with this method and path (conditions are checked later). */
    boolean matches(String requestMethod, String requestPath) {
        return ("*".equals(method) || method.equalsIgnoreCase(requestMethod)) && path.matches(requestPath);
    }

    /**
     * Parses {@code METHOD PATH [if SOURCE[=VALUE] [and ...]] -> TYPE field=SOURCE ...}.
     *
     * @throws IllegalArgumentException saying what is wrong with the rule
     */
    static CaptureRule parse(String text) {
        String rule = text.strip();
        int arrow = rule.indexOf("->");
        if (arrow < 0) {
            throw new IllegalArgumentException("rule '" + rule + "' has no '->' between the request and the event");
        }
        List<String> left = words(rule.substring(0, arrow));
        List<String> right = words(rule.substring(arrow + 2));
        if (left.size() < 2) {
            throw new IllegalArgumentException("rule '" + rule + "' needs a method and a path before '->'");
        }
        String method = left.get(0).toUpperCase(Locale.ROOT);
        if (!method.equals("*") && !method.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
            throw new IllegalArgumentException("rule '" + rule + "': '" + left.get(0) + "' is no HTTP method");
        }
        String pattern = left.get(1);
        if (!pattern.startsWith("/") && !pattern.startsWith("*.")) {
            throw new IllegalArgumentException("rule '" + rule + "': path '" + pattern + "' must start with / or *.");
        }
        List<Condition> conditions = new ArrayList<>();
        if (left.size() > 2) {
            if (!left.get(2).equals("if")) {
                throw new IllegalArgumentException("rule '" + rule + "': expected 'if' after the path, found '" + left.get(2) + "'");
            }
            for (int i = 3; i < left.size(); i++) {
                if (i > 3) {
                    if (!left.get(i).equals("and") || i + 1 >= left.size()) {
                        throw new IllegalArgumentException("rule '" + rule + "': join conditions with 'and'");
                    }
                    i++;
                }
                conditions.add(condition(left.get(i)));
            }
            if (conditions.isEmpty()) {
                throw new IllegalArgumentException("rule '" + rule + "': 'if' without a condition");
            }
        }
        if (right.isEmpty()) {
            throw new IllegalArgumentException("rule '" + rule + "' names no event type after '->'");
        }
        EventType type = EventType.fromWireName(right.get(0)).filter(CAPTURABLE::contains).orElseThrow(() ->
                new IllegalArgumentException("rule '" + rule + "': '" + right.get(0) + "' is not an event type a rule can"
                        + " make; use one of " + wireNames()));
        List<String> allowed = type.details();
        CaptureSource account = null;
        Map<String, CaptureSource> fields = new LinkedHashMap<>();
        for (String assignment : right.subList(1, right.size())) {
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("rule '" + rule + "': '" + assignment + "' is not field=source");
            }
            String field = assignment.substring(0, eq);
            CaptureSource source = CaptureSource.parse(assignment.substring(eq + 1));
            if (field.equals("account")) {
                account = source;
            } else if (allowed.contains(field)) {
                if (fields.put(field, source) != null) {
                    throw new IllegalArgumentException("rule '" + rule + "' sets " + field + " twice");
                }
            } else {
                throw new IllegalArgumentException("rule '" + rule + "': " + type.wireName() + " has no field '" + field
                        + "'; its fields are account, " + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
        return new CaptureRule(rule, method, new UrlPatterns(List.of(pattern)), List.copyOf(conditions), type, account,
                Collections.unmodifiableMap(fields));
    }

    private static Condition condition(String text) {
        // The value follows the first '=' after the source (JSON Pointers may not contain '=' unescaped here).
        int colon = text.indexOf(':');
        int eq = colon < 0 ? -1 : text.indexOf('=', colon);
        if (eq < 0) {
            return new Condition(CaptureSource.parse(text), null);
        }
        return new Condition(CaptureSource.parse(text.substring(0, eq)), text.substring(eq + 1));
    }

    private static List<String> words(String s) {
        List<String> words = new ArrayList<>();
        for (String w : s.strip().split("\\s+")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }

    private static String wireNames() {
        return String.join(", ", CAPTURABLE.stream().map(EventType::wireName).toList());
    }

    @Override
    public String toString() {
        return text;
    }
}
