package io.logintelemetry.detect;

import io.logintelemetry.config.ConfigKeys;
import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.event.Event;
import io.logintelemetry.flag.Severity;
import io.logintelemetry.flag.Signal;
import io.logintelemetry.state.KeyAccounts;
import io.logintelemetry.state.LinkGraph;
import java.util.List;

/**
 * {@code identity.shared_document}: several accounts registered with one identity document, compared
 * by keyed hash (the number is never kept in clear). One person with several accounts, or a
 * borrowed identity lent to several workers.
 */
public final class IdentitySharedDocument implements Detector.OfIdentifier {

    private final int limit;
    private final Severity severity;

    public IdentitySharedDocument(LoginTelemetryConfig config) {
        this.limit = config.get(ConfigKeys.SHARED_DOCUMENT_MIN_ACCOUNTS);
        this.severity = config.detector(signal()).severity();
    }

    @Override
    public Signal signal() {
        return Signal.IDENTITY_SHARED_DOCUMENT;
    }

    @Override
    public void evaluate(Event event, LinkGraph.Kind kind, String hash, KeyAccounts accounts, List<Finding> out) {
        if (kind == LinkGraph.Kind.DOCUMENT) {
            SharedIdentifier.evaluate(signal(), event, hash, accounts, limit, severity, true,
                    "one identity document", "document", out);
        }
    }
}
