package io.logintelemetry.detect;

import io.logintelemetry.config.ConfigKeys;
import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.event.Event;
import io.logintelemetry.event.EventType;
import io.logintelemetry.flag.Evidence;
import io.logintelemetry.flag.Severity;
import io.logintelemetry.flag.Signal;
import io.logintelemetry.net.IpNetwork;
import io.logintelemetry.state.AccountState;
import java.util.List;

/**
 * {@code ip.churn}, networks rule: many networks (IPv4 /24, IPv6 /64) log into one account within a
 * short window. Counting networks rather than addresses keeps a home line whose address changes
 * within its block, or an office NAT pool, at one.
 */
public final class IpChurn implements Detector.OfAccount {

    private final int minNetworks;
    private final long window;
    private final Severity severity;

    public IpChurn(LoginTelemetryConfig config) {
        this.minNetworks = config.get(ConfigKeys.IP_CHURN_MIN_NETWORKS);
        this.window = config.get(ConfigKeys.IP_CHURN_WINDOW).toMillis();
        this.severity = config.detector(signal()).severity();
    }

    @Override
    public Signal signal() {
        return Signal.IP_CHURN;
    }

    @Override
    public void evaluate(Event event, AccountState account, List<Finding> out) {
        if (event.type() != EventType.LOGIN || event.isFailedLogin() || event.ip() == null) {
            return;
        }
        // The window ends at the account's latest activity: a login a few seconds older than that
        // (clock skew) must not reach back to networks that have already left the window.
        long now = Math.max(event.timestamp(), account.lastActivity());
        List<IpNetwork> networks = account.loginNetworksSince(now - window);
        if (networks.size() < minNetworks) {
            return;
        }
        long span = now - account.earliestLoginNetworkSince(now - window);
        Evidence evidence = Evidence.builder()
                .put("rule", "networks")
                .put("networks_count", networks.size())
                .put("limit", minNetworks)
                .put("window_minutes", Wording.minutes(window))
                .put("span_minutes", Wording.minutes(span))
                .list("networks", networks)
                .build();
        out.add(new Finding(signal(), account.id(), Wording.severity(severity, networks.size(), minNetworks),
                networks.size(), window,
                networks.size() + " networks in " + Wording.duration(span) + " (limit " + minNetworks + " in "
                        + Wording.duration(window) + ")",
                evidence, event.ip().toString(), event.session(), event.device()));
    }
}
