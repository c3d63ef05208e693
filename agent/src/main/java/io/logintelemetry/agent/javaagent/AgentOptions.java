package io.logintelemetry.agent.javaagent;

import io.logintelemetry.config.ConfigKeys;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The agent argument: {@code key=value} pairs separated by commas, keys as in the filter's
 * configuration with or without the {@code logintelemetry.} prefix, e.g.
 * {@code config=/etc/lt.properties,agent.log-file=/var/log/lt.log}. A comma belongs to the value
 * unless a {@code key=} follows it, so CIDR lists need no quoting.
 */
final class AgentOptions {

    private static final Pattern SEPARATOR = Pattern.compile(",(?=\\s*[A-Za-z][A-Za-z0-9._-]*=)");

    private AgentOptions() {
    }

    /** The options as configuration keys with their prefix (an unknown key fails the configuration, naming it). */
    static Map<String, String> parse(String options) {
        Map<String, String> values = new LinkedHashMap<>();
        if (options == null || options.isBlank()) {
            return values;
        }
        for (String pair : SEPARATOR.split(options.trim())) {
            int eq = pair.indexOf('=');
            String key = (eq < 0 ? pair : pair.substring(0, eq)).trim();
            String value = eq < 0 ? "true" : pair.substring(eq + 1).trim();
            if (key.isEmpty()) {
                continue;
            }
            values.put(key.startsWith(ConfigKeys.PREFIX) ? key : ConfigKeys.PREFIX + key, value);
        }
        return values;
    }
}
