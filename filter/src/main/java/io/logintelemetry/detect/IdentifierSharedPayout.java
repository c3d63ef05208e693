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
 * {@code identifier.shared_payout}: several accounts paid into one bank account or wallet, compared
 * by keyed hash. Its severity does not grow with the number of accounts: an agency paid into its
 * company account for all its workers is the common, legitimate case, and only other signals
 * together with this one should make such a group stand out.
 */
public final class IdentifierSharedPayout implements Detector.OfIdentifier {

    private final int limit;
    private final Severity severity;

    public IdentifierSharedPayout(LoginTelemetryConfig config) {
        this.limit = config.get(ConfigKeys.SHARED_PAYOUT_MIN_ACCOUNTS);
        this.severity = config.detector(signal()).severity();
    }

    @Override
    public Signal signal() {
        return Signal.IDENTIFIER_SHARED_PAYOUT;
    }

    @Override
    public void evaluate(Event event, LinkGraph.Kind kind, String hash, KeyAccounts accounts, List<Finding> out) {
        if (kind == LinkGraph.Kind.PAYOUT) {
            SharedIdentifier.evaluate(signal(), event, hash, accounts, limit, severity, false,
                    "one payout account", "payout_account", out);
        }
    }
}
