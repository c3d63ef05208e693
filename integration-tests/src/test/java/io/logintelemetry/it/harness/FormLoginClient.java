package io.logintelemetry.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One browser of one user against one web app: its own cookie jar (so its own session), headers it
 * sends on every request (X-Forwarded-For as set by the proxy in front of it, a User-Agent), and a
 * container FORM login. Redirects are followed by hand, so those headers go on every hop and the
 * {@link #transcript()} shows each hop.
 */
public final class FormLoginClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_REDIRECTS = 5;

    private final URI context;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final List<Exchange> transcript = new ArrayList<>();
    private CookieManager cookies;
    private HttpClient http;

    /** @param context the web app's root, e.g. http://127.0.0.1:8080/watch */
    public FormLoginClient(URI context) {
        this.context = context;
        newSession();
    }

    /** Sends {@code name: value} on every following request (replaces an earlier value). */
    public FormLoginClient header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Sends X-Forwarded-For on every following request, as a reverse proxy would. */
    public FormLoginClient forwardedFor(String ip) {
        return header("X-Forwarded-For", ip);
    }

    /** Forgets all cookies: the next request starts a fresh session, as a new browser would. */
    public FormLoginClient newSession() {
        cookies = new BrowserCookies();
        http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade dance: plain requests, plain logs
                .followRedirects(HttpClient.Redirect.NEVER)
                .cookieHandler(cookies)
                .connectTimeout(TIMEOUT)
                .build();
        return this;
    }

    /**
     * A container FORM login in a fresh session, as a browser does it: the protected page answers with
     * the login form (and a session cookie), the form is posted to j_security_check, and the redirect
     * leads back to the page, now with the principal. Returns that last response: the request on which
     * the filter first sees the login.
     */
    public Exchange login(String user, String password, String page) {
        newSession();
        return loginKeepingCookies(user, password, page);
    }

    /**
     * A FORM login in this browser as it is, keeping its cookies (a device cookie, say): as when one
     * person logs out and another logs in on the same machine. Log the previous user out first.
     */
    public Exchange loginKeepingCookies(String user, String password, String page) {
        get(page);
        return post("/j_security_check", Map.of("j_username", user, "j_password", password));
    }

    /** {@link #login(String, String, String)} landing on /app/whoami. */
    public Exchange login(String user, String password) {
        return login(user, password, "/app/whoami");
    }

    /** GET {@code path} (relative to the context), following redirects; returns the last response. */
    public Exchange get(String path) {
        return send(requestTo(context.resolve(context.getPath() + path)).GET());
    }

    /** GET {@code path} without following a redirect: the very answer to this request. */
    public Exchange getOnce(String path) {
        Exchange exchange = exchange(requestTo(context.resolve(context.getPath() + path)).GET().build());
        transcript.add(exchange);
        return exchange;
    }

    /** POST a form to {@code path}, following redirects (by GET, as browsers do after 302/303). */
    public Exchange post(String path, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(requestTo(context.resolve(context.getPath() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    /** POST {@code body} with the given Content-Type to {@code path}, following redirects. */
    public Exchange post(String path, String contentType, String body) {
        return send(requestTo(context.resolve(context.getPath() + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    /** The value of the session cookie (JSESSIONID), or null. */
    public String sessionId() {
        return cookie("JSESSIONID");
    }

    /** The value of the cookie {@code name} in this browser's jar, or null. */
    public String cookie(String name) {
        for (HttpCookie c : cookies.getCookieStore().getCookies()) {
            if (c.getName().equalsIgnoreCase(name)) {
                return c.getValue();
            }
        }
        return null;
    }

    /** Every request this client made, in order, redirects included. */
    public List<Exchange> transcript() {
        return List.copyOf(transcript);
    }

    private Exchange send(HttpRequest.Builder first) {
        HttpRequest request = first.build();
        for (int hop = 0; ; hop++) {
            Exchange exchange = exchange(request);
            transcript.add(exchange);
            if (!exchange.isRedirect() || hop == MAX_REDIRECTS) {
                return exchange;
            }
            request = requestTo(request.uri().resolve(exchange.location())).GET().build();
        }
    }

    private HttpRequest.Builder requestTo(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(TIMEOUT);
        headers.forEach(b::header);
        return b;
    }

    private Exchange exchange(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Exchange(request.method(), request.uri(), response.statusCode(),
                    response.headers().firstValue("Location").orElse(null), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A cookie jar that sends cookies back as browsers do ({@code name=value}). java.net.HttpCookie takes
     * every Set-Cookie with Max-Age for an RFC 2965 cookie and would send {@code name="value";$Path="/"},
     * which Tomcat hands to the application quotes included.
     */
    private static final class BrowserCookies extends CookieManager {

        BrowserCookies() {
            super(null, CookiePolicy.ACCEPT_ALL);
        }

        @Override
        public void put(URI uri, Map<String, List<String>> responseHeaders) throws IOException {
            super.put(uri, responseHeaders);
            for (HttpCookie c : getCookieStore().getCookies()) {
                c.setVersion(0);
            }
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** One request and its response. */
    public record Exchange(String method, URI uri, int status, String location, Map<String, List<String>> headers,
                           String body) {

        public boolean isRedirect() {
            return status >= 300 && status < 400 && location != null;
        }

        public String header(String name) {
            List<String> values = headers(name);
            return values.isEmpty() ? null : values.get(0);
        }

        /** Every value of the response header {@code name} (e.g. several Set-Cookie). */
        public List<String> headers(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue();
                }
            }
            return List.of();
        }

        /**
         * Method, path, status, redirect target and body, with the context path and session ids taken
         * out: equal for two apps that answered the same way.
         */
        public String comparable(String contextPath) {
            return method + " " + withoutContext(uri.getRawPath(), contextPath)
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                    + " -> " + status
                    + (location == null ? "" : " " + withoutContext(URI.create(location).getRawPath(), contextPath))
                    + " " + body;
        }

        private static String withoutContext(String path, String contextPath) {
            String p = path == null ? "" : path.replaceAll(";jsessionid=[^/?#]*", "");
            return p.startsWith(contextPath) ? p.substring(contextPath.length()) : p;
        }

        @Override
        public String toString() {
            return method + " " + uri + " -> " + status + (location == null ? "" : " " + location)
                    + (body.length() > 300 ? " " + body.substring(0, 300) + "..." : " " + body);
        }
    }
}
