package io.logintelemetry.config;

import io.logintelemetry.action.Action;
import io.logintelemetry.flag.Severity;
import io.logintelemetry.flag.Signal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one typed configuration: every key of {@link ConfigKeys} parsed and validated once, at
 * start-up. Instances are immutable.
 *
 * <p>Build it from raw key/value pairs with {@link #from(Map)} (unknown keys under
 * {@code logintelemetry.} are refused, so a typo never silently falls back to a default), or from
 * every source in order of precedence with {@link ConfigLoader}.
 */
public final class LoginTelemetryConfig {

    private final Map<ConfigKey<?>, Object> values;
    private final Map<String, String> explicit;
    private final Map<Signal, DetectorSettings> detectors;
    private final List<String> warnings;

    private LoginTelemetryConfig(Map<ConfigKey<?>, Object> values, Map<String, String> explicit,
                                 Map<Signal, DetectorSettings> detectors, List<String> warnings) {
        this.values = values;
        this.explicit = explicit;
        this.detectors = detectors;
        this.warnings = warnings;
    }

    /** All defaults. */
    public static LoginTelemetryConfig defaults() {
        return from(Map.of());
    }

    /**
     * Parses and validates raw values (full key names).
     *
     * @throws ConfigException naming the first key that is unknown or whose value is not usable
     */
    public static LoginTelemetryConfig from(Map<String, String> raw) {
        Map<String, ConfigKey<?>> byName = new HashMap<>();
        for (ConfigKey<?> key : ConfigKeys.all()) {
            byName.put(key.name(), key);
        }
        for (String name : new TreeMap<>(raw).keySet()) {
            if (name.startsWith(ConfigKeys.PREFIX) && !byName.containsKey(name)) {
                throw new ConfigException(name, "unknown key" + suggestion(name, byName.keySet()));
            }
        }
        Map<ConfigKey<?>, Object> values = new HashMap<>();
        Map<String, String> explicit = new TreeMap<>();
        for (ConfigKey<?> key : ConfigKeys.all()) {
            String text = raw.get(key.name());
            if (text != null) {
                explicit.put(key.name(), text);
            }
            values.put(key, key.parse(text != null ? text : key.defaultValue()));
        }
        Map<Signal, DetectorSettings> detectors = new EnumMap<>(Signal.class);
        ConfigKeys.detectors().forEach((signal, keys) -> detectors.put(signal, new DetectorSettings(
                (Boolean) values.get(keys.enabled()), (Severity) values.get(keys.severity()),
                (Action) values.get(keys.action()), (Integer) values.get(keys.weight()))));
        LoginTelemetryConfig config = new LoginTelemetryConfig(Collections.unmodifiableMap(values),
                Collections.unmodifiableMap(explicit), Collections.unmodifiableMap(detectors), new ArrayList<>());
        config.validateTogether();
        return config;
    }

    private void validateTogether() {
        if (get(ConfigKeys.SCORE_MEDIUM) >= get(ConfigKeys.SCORE_HIGH)) {
            throw new ConfigException(ConfigKeys.SCORE_MEDIUM.name(), "must be below "
                    + ConfigKeys.SCORE_HIGH.name() + " (" + get(ConfigKeys.SCORE_HIGH) + ")");
        }
        if (get(ConfigKeys.IP_FANOUT_SHARED_MIN_ACCOUNTS) < get(ConfigKeys.IP_FANOUT_MIN_ACCOUNTS)) {
            throw new ConfigException(ConfigKeys.IP_FANOUT_SHARED_MIN_ACCOUNTS.name(),
                    "must not be below " + ConfigKeys.IP_FANOUT_MIN_ACCOUNTS.name());
        }
        if (get(ConfigKeys.CUMULATIVE_MAX_PER_DAY).compareTo(Duration.ofHours(24)) >= 0) {
            throw new ConfigException(ConfigKeys.CUMULATIVE_MAX_PER_DAY.name(), "must be under 24 hours");
        }
        if (get(ConfigKeys.CUMULATIVE_MAX_PER_WEEK).compareTo(Duration.ofDays(7)) >= 0) {
            throw new ConfigException(ConfigKeys.CUMULATIVE_MAX_PER_WEEK.name(), "must be under 7 days");
        }
        if (get(ConfigKeys.MARKETPLACE_ENABLED)) {
            String secret = get(ConfigKeys.HASH_SECRET);
            if (secret.isBlank()) {
                throw new ConfigException(ConfigKeys.HASH_SECRET.name(), "is required when "
                        + ConfigKeys.MARKETPLACE_ENABLED.name() + "=true: document numbers and payout references are"
                        + " stored only as keyed hashes (set a random secret of at least 16 characters, the same on every node)");
            }
            if (secret.length() < 16) {
                throw new ConfigException(ConfigKeys.HASH_SECRET.name(), "is too short (" + secret.length()
                        + " characters; at least 16)");
            }
        }
        for (String zone : get(ConfigKeys.OFF_HOURS_ZONES)) {
            int eq = zone.indexOf('=');
            try {
                if (eq != 2) {
                    throw new IllegalArgumentException("want COUNTRY=Zone/Id");
                }
                java.time.ZoneId.of(zone.substring(eq + 1).trim());
            } catch (RuntimeException e) {
                throw new ConfigException(ConfigKeys.OFF_HOURS_ZONES.name(), "'" + zone + "' is not COUNTRY=Zone/Id with a"
                        + " known zone (e.g. US=America/Chicago)");
            }
        }
        try {
            io.logintelemetry.text.MessageScanner.builder().allow(get(ConfigKeys.MESSAGE_ALLOW)).build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(ConfigKeys.MESSAGE_ALLOW.name(), e.getMessage());
        }
        boolean stepUp = detectors.values().stream().anyMatch(d -> d.enabled() && d.action() == Action.STEP_UP);
        if (stepUp && get(ConfigKeys.ACTION_STEP_UP_URL).isBlank()) {
            throw new ConfigException(ConfigKeys.ACTION_STEP_UP_URL.name(), "is required when a signal's action is step_up");
        }
        int high = get(ConfigKeys.SCORE_HIGH);
        detectors.forEach((signal, d) -> {
            if (d.enabled() && d.weight() * Severity.HIGH.scoreFactor() >= high) {
                warnings.add(ConfigKeys.detectors().get(signal).weight().name() + "=" + d.weight()
                        + " lets " + signal.id() + " alone make an account high (score.high=" + high + ")");
            }
        });
    }

    /** The parsed value of a key. */
    @SuppressWarnings("unchecked")
    public <T> T get(ConfigKey<T> key) {
        return (T) values.get(key);
    }

    /** The switch, severity, action and weight of a signal's detector, or null if it has none here. */
    public DetectorSettings detector(Signal signal) {
        return detectors.get(signal);
    }

    /** The keys that were set explicitly, with their raw values (for the start-up log). */
    public Map<String, String> explicitValues() {
        return explicit;
    }

    /** Things that are allowed but probably not meant, for the start-up log. */
    public List<String> warnings() {
        return Collections.unmodifiableList(warnings);
    }

    /** The longest window any detector looks back over: how long an idle account's state must be kept. */
    public Duration longestWindow() {
        Duration longest = Duration.ofDays(7); // the activity rings always cover a week
        for (Duration d : List.of(get(ConfigKeys.SESSION_LONG_MAX_DURATION), get(ConfigKeys.IP_CHURN_WINDOW),
                get(ConfigKeys.IP_FANOUT_WINDOW), get(ConfigKeys.DEVICE_FANOUT_WINDOW), get(ConfigKeys.SCORE_WINDOW),
                get(ConfigKeys.IP_CHURN_ASN_WINDOW), get(ConfigKeys.IP_CHURN_COUNTRY_WINDOW))) {
            if (d.compareTo(longest) > 0) {
                longest = d;
            }
        }
        return longest;
    }

    private static String suggestion(String name, java.util.Set<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(name, k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best != null && bestDistance <= 4 ? " (did you mean " + best + "?)" : "";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
