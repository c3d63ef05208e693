package io.logintelemetry.export.http;

import io.logintelemetry.event.KeyedHash;
import io.logintelemetry.export.delivery.Result;
import io.logintelemetry.export.spool.SpoolRecord;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * A generic HTTPS webhook: each flag POSTed on its own as the JSON record of FLAGS.md, with
 * {@code X-LoginTelemetry-Flag-Id}. With a secret, {@code X-LoginTelemetry-Signature:
 * t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">} lets the receiver check the sender and refuse
 * replays of old requests.
 */
public final class WebhookTransport extends HttpTransport {

    public static final String SIGNATURE_HEADER = "X-LoginTelemetry-Signature";
    public static final String ID_HEADER = "X-LoginTelemetry-Flag-Id";

    private final URI uri;
    private final KeyedHash secret;

    /** @param secret HMAC key, or null for unsigned requests */
    public WebhookTransport(URI uri, byte[] secret, int batchSize, Duration timeout, SSLContext tls) {
        super(batchSize, timeout, tls);
        this.uri = uri;
        this.secret = secret == null || secret.length == 0 ? null : new KeyedHash(secret);
    }

    @Override
    public Result send(List<SpoolRecord> batch) throws InterruptedException {
        for (int i = 0; i < batch.size(); i++) {
            SpoolRecord r = batch.get(i);
            HttpRequest.Builder request = http.request(uri)
                    .header("Content-Type", "application/json")
                    .header(ID_HEADER, r.id().replaceAll("[^0-9A-Za-z_.-]", "_"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(r.payload()));
            if (secret != null) {
                request.header(SIGNATURE_HEADER, signature(System.currentTimeMillis() / 1000, r.payload()));
            }
            HttpSender.Answer answer = http.send(request.build());
            if (answer.ok()) {
                continue;
            }
            Result failure = answer.failureResult();
            if (failure.kind() == Result.Kind.FATAL || (failure.kind() == Result.Kind.RETRY && i == 0)) {
                return failure;
            }
            // The first i were delivered; the rest go again (or this one is refused for good).
            List<Integer> again = new ArrayList<>();
            int rejected = 0;
            if (failure.kind() == Result.Kind.REJECTED) {
                rejected = 1;
            } else {
                again.add(i);
            }
            for (int j = i + 1; j < batch.size(); j++) {
                again.add(j);
            }
            return Result.partial(again, rejected, failure.reason());
        }
        return Result.delivered();
    }

    /** {@code t=<seconds>,v1=<hex of HMAC-SHA256(secret, "<seconds>." + body)>}. */
    String signature(long seconds, byte[] body) {
        byte[] mac = secret.digest((seconds + ".").getBytes(StandardCharsets.US_ASCII), body);
        return "t=" + seconds + ",v1=" + HexFormat.of().formatHex(mac);
    }

    @Override
    public String describe() {
        return "webhook " + HttpSender.describe(uri);
    }
}
