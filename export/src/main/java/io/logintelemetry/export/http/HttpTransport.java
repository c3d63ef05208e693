package io.logintelemetry.export.http;

import io.logintelemetry.export.delivery.Transport;
import java.net.URI;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/** What the HTTP sinks share: one JDK client with our timeouts and TLS, and the batch size. */
abstract class HttpTransport implements Transport {

    final HttpSender http;
    private final int batchSize;

    HttpTransport(int batchSize, Duration timeout, SSLContext tls) {
        this.batchSize = batchSize;
        this.http = new HttpSender(timeout, tls);
    }

    @Override
    public final int maxBatch() {
        return batchSize;
    }

    /** The configured URL without trailing slashes, so that a path can be appended to it. */
    static String base(URI url) {
        return url.toString().replaceAll("/+$", "");
    }
}
