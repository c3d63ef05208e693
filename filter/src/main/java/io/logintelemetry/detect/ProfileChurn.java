package io.logintelemetry.detect;

import io.logintelemetry.config.ConfigKeys;
import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.event.Event;
import io.logintelemetry.event.EventType;
import io.logintelemetry.flag.Evidence;
import io.logintelemetry.flag.Severity;
import io.logintelemetry.flag.Signal;
import io.logintelemetry.state.MarketState;
import java.util.List;

/**
 * {@code profile.churn}: name, contact or payout details changing often. Counts {@code profile_change}
 * events (a value equal to the field's last one is no change) and {@code payout_account} events
 * after the first payout account.
 */
public final class ProfileChurn implements Detector.OfMarket {

    private final int limit;
    private final long window;
    private final Severity severity;

    public ProfileChurn(LoginTelemetryConfig config) {
        this.limit = config.get(ConfigKeys.PROFILE_CHURN_MIN_CHANGES);
        this.window = config.get(ConfigKeys.PROFILE_CHURN_WINDOW).toMillis();
        this.severity = config.detector(signal()).severity();
    }

    @Override
    public Signal signal() {
        return Signal.PROFILE_CHURN;
    }

    @Override
    public void evaluate(Event event, MarketState market, List<Finding> out) {
        if (event.type() != EventType.PROFILE_CHANGE && event.type() != EventType.PAYOUT_ACCOUNT) {
            return;
        }
        List<Long> changes = market.changesSince(event.timestamp() - window + 1);
        if (changes.size() < limit) {
            return;
        }
        long span = changes.get(changes.size() - 1) - changes.get(0);
        Evidence evidence = Evidence.builder()
                .put("changes_count", changes.size())
                .put("limit", limit)
                .put("window_minutes", Wording.minutes(window))
                .put("span_minutes", Wording.minutes(span))
                .put("last_change", event.type() == EventType.PAYOUT_ACCOUNT ? "payout_account" : event.detail("field"))
                .list("changed_at", changes.stream().map(Wording::instant).toList())
                .build();
        out.add(new Finding(signal(), market.id(), Wording.severity(severity, changes.size(), limit), changes.size(),
                window, changes.size() + " profile or payout changes in " + Wording.duration(span) + " (limit " + limit
                + " in " + Wording.duration(window) + ")", evidence,
                event.ip() == null ? null : event.ip().toString(), null, event.device()));
    }
}
