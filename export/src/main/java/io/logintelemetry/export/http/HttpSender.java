package io.logintelemetry.export.http;

import io.logintelemetry.export.delivery.Result;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * The JDK HTTP client as the HTTP sinks use it: connect and answer timeouts, our TLS context, and
 * the mapping of answers to {@link Result}s shared by HEC, the bulk API and webhooks.
 */
final class HttpSender {

    /** Longest part of an answer body quoted in a log line. */
    private static final int QUOTE = 200;

    private final HttpClient client;
    private final Duration timeout;

    HttpSender(Duration timeout, SSLContext tls) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .sslContext(tls)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(timeout);
    }

    /** Sends; a network failure or timeout comes back as null with {@code failure} set. */
    Answer send(HttpRequest request) throws InterruptedException {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), response.body(), null);
        } catch (HttpTimeoutException e) {
            return new Answer(0, "", "no answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return new Answer(0, "", e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    /** One answer, or a failure to get one. */
    record Answer(int status, String body, String failure) {

        boolean ok() {
            return failure == null && status >= 200 && status < 300;
        }

        /**
         * The result of an answer that is not a success: 401/403 stop the sending (retrying cannot
         * help), 408/429/5xx and network failures are retried, other 4xx refuse the records for good.
         */
        Result failureResult() {
            if (failure != null) {
                return Result.retry(failure);
            }
            String quoted = "HTTP " + status + (body == null || body.isBlank() ? "" : " " + quote(body));
            if (status == 401 || status == 403) {
                return Result.fatal(quoted);
            }
            if (status >= 300 && status < 400) {
                return Result.fatal(quoted + " (a redirect: check the configured URL)");
            }
            if (status == 408 || status == 429 || status >= 500 || status < 200) {
                return Result.retry(quoted);
            }
            return Result.rejected(quoted);
        }

        private static String quote(String body) {
            String cut = body.length() > QUOTE ? body.substring(0, QUOTE) + "..." : body;
            return cut.replaceAll("\\p{Cntrl}", " ");
        }
    }

    /** The URI without user info, query or fragment: what log lines may show. */
    static String describe(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + uri.getPath();
    }
}
