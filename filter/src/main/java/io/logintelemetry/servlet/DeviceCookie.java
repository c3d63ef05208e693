package io.logintelemetry.servlet;

import io.logintelemetry.config.ConfigKeys;
import io.logintelemetry.config.LoginTelemetryConfig;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The optional first-party device cookie: a random id (128 bits), HttpOnly, SameSite=Lax, Secure
 * whenever the client's connection is HTTPS (also behind a TLS-terminating trusted proxy that says
 * {@code X-Forwarded-Proto: https}). A cookie value we did not issue (wrong shape) is replaced and
 * counted, so a client cannot push arbitrary text into our state through it.
 */
final class DeviceCookie {

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{22}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String name;
    private final long maxAgeSeconds;

    DeviceCookie(LoginTelemetryConfig config) {
        this.name = config.get(ConfigKeys.DEVICE_COOKIE_NAME);
        this.maxAgeSeconds = config.get(ConfigKeys.DEVICE_COOKIE_MAX_AGE).toSeconds();
    }

    /** RFC 6265 allows a quoted cookie value, and some containers pass the quotes on. */
    private static String unquote(String value) {
        return value != null && value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }

    /**
     * The device id of this client, issuing a new cookie if it has none.
     *
     * @param malformed called when the client sent a cookie of ours that we did not issue
     */
    String deviceId(HttpServletRequest request, HttpServletResponse response, boolean secure, Runnable malformed) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (name.equals(c.getName())) {
                    String value = unquote(c.getValue());
                    if (value != null && SHAPE.matcher(value).matches()) {
                        return value;
                    }
                    malformed.run();
                }
            }
        }
        if (response.isCommitted()) {
            return null;
        }
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        // Written by hand: jakarta.servlet.http.Cookie has no SameSite before Servlet 6.0 containers agree on it.
        response.addHeader("Set-Cookie", name + "=" + id + "; Path=/; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Lax"
                + (secure ? "; Secure" : ""));
        return id;
    }
}
