package io.logintelemetry.it.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What /app/whoami reported: the remote user and the request attributes the filter left for the app
 * (client IP, the account's level, the flags raised on this very request).
 */
public record WhoAmI(String user, String clientIp, String level, JsonNode flags, int flagsListSize) {
    // flags: the JSON array of the flags attribute, or null when the attribute is absent.

    private static final ObjectMapper JSON = new ObjectMapper();

    public static WhoAmI of(FormLoginClient.Exchange exchange) {
        if (exchange.status() != 200) {
            throw new AssertionError("/app/whoami did not answer 200: " + exchange);
        }
        try {
            JsonNode n = JSON.readTree(exchange.body());
            JsonNode flags = n.get("flags");
            return new WhoAmI(text(n, "user"), text(n, "clientIp"), text(n, "level"),
                    flags == null || flags.isNull() ? null : flags,
                    n.path("flagsListSize").asInt(-1));
        } catch (IOException e) {
            throw new AssertionError("/app/whoami answered something that is not JSON (is the flags attribute valid"
                    + " JSON?): " + exchange, e);
        }
    }

    /** The flags of {@code signal} in the request attribute (empty when none or no attribute). */
    public List<JsonNode> flagsOf(String signal) {
        List<JsonNode> found = new ArrayList<>();
        if (flags != null && flags.isArray()) {
            for (JsonNode f : flags) {
                if (signal.equals(f.path("signal").asText())) {
                    found.add(f);
                }
            }
        }
        return found;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
