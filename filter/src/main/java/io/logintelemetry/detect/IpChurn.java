package io.logintelemetry.detect;

import io.logintelemetry.config.ConfigKeys;
import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.event.Event;
import io.logintelemetry.event.EventType;
import io.logintelemetry.flag.Evidence;
import io.logintelemetry.flag.Severity;
import io.logintelemetry.flag.Signal;
import io.logintelemetry.state.AccountState;
import java.util.List;

/**
 * {@code ip.churn}: many networks log into one account in a short time. Three rules, the first that
 * holds is reported:
 * <ul>
 *   <li>networks: at least {@code min-networks} IPv4 /24 or IPv6 /64 blocks within {@code window}.
 *       Counting blocks rather than addresses keeps a home line whose address changes within its
 *       block at one, and all addresses of one mobile carrier count as one network;</li>
 *   <li>ASNs: at least {@code min-asns} autonomous systems within {@code asn-window};</li>
 *   <li>countries: at least {@code min-countries} countries within {@code country-window}.</li>
 * </ul>
 * The last two need IP intelligence.
 */
public final class IpChurn implements Detector.OfAccount {

    private final int minNetworks;
    private final long window;
    private final int minAsns;
    private final long asnWindow;
    private final int minCountries;
    private final long countryWindow;
    private final Severity severity;

    public IpChurn(LoginTelemetryConfig config) {
        this.minNetworks = config.get(ConfigKeys.IP_CHURN_MIN_NETWORKS);
        this.window = config.get(ConfigKeys.IP_CHURN_WINDOW).toMillis();
        this.minAsns = config.get(ConfigKeys.IP_CHURN_MIN_ASNS);
        this.asnWindow = config.get(ConfigKeys.IP_CHURN_ASN_WINDOW).toMillis();
        this.minCountries = config.get(ConfigKeys.IP_CHURN_MIN_COUNTRIES);
        this.countryWindow = config.get(ConfigKeys.IP_CHURN_COUNTRY_WINDOW).toMillis();
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
        // Windows end at the account's latest activity: a login a few seconds older than that (clock
        // skew) must not reach back to networks that have already left the window.
        long now = Math.max(event.timestamp(), account.lastActivity());
        List<String> networks = account.loginNetworksSince(now - window);
        if (networks.size() >= minNetworks) {
            long span = now - account.earliestLoginNetworkSince(now - window);
            report(event, account, "networks", networks, minNetworks, window, span,
                    networks.size() + " networks in " + Wording.duration(span) + " (limit " + minNetworks + " in "
                            + Wording.duration(window) + ")", out);
            return;
        }
        List<String> asns = account.loginAsnsSince(now - asnWindow);
        if (asns.size() >= minAsns) {
            report(event, account, "asns", asns, minAsns, asnWindow, -1,
                    asns.size() + " ASNs within " + Wording.duration(asnWindow) + " (limit " + minAsns + "): "
                            + String.join(", ", asns.subList(0, Math.min(asns.size(), 5))), out);
            return;
        }
        List<String> countries = account.loginCountriesSince(now - countryWindow);
        if (countries.size() >= minCountries) {
            report(event, account, "countries", countries, minCountries, countryWindow, -1,
                    countries.size() + " countries within " + Wording.duration(countryWindow) + " (limit " + minCountries
                            + "): " + String.join(", ", countries), out);
        }
    }

    private void report(Event event, AccountState account, String rule, List<String> seen, int limit, long ruleWindow,
                        long span, String summary, List<Finding> out) {
        Evidence.Builder evidence = Evidence.builder()
                .put("rule", rule)
                .put(rule + "_count", seen.size())
                .put("limit", limit)
                .put("window_minutes", Wording.minutes(ruleWindow));
        if (span >= 0) {
            evidence.put("span_minutes", Wording.minutes(span));
        }
        if ("networks".equals(rule)) {
            evidence.ips(rule, seen);
        } else {
            evidence.list(rule, seen);
        }
        // Whatever IP intelligence knew of the same logins, so every rule's flag names its networks.
        if (!rule.equals("asns")) {
            List<String> asns = account.loginAsnsSince(event.timestamp() - ruleWindow);
            if (!asns.isEmpty()) {
                evidence.list("asns", asns);
            }
        }
        if (!rule.equals("countries")) {
            List<String> countries = account.loginCountriesSince(event.timestamp() - ruleWindow);
            if (!countries.isEmpty()) {
                evidence.list("countries", countries);
            }
        }
        if (account.lastLogin() != null && account.lastLogin().info().source() != null) {
            evidence.put("source", account.lastLogin().info().source());
        }
        out.add(new Finding(signal(), account.id(), Wording.severity(severity, seen.size(), limit), seen.size(), ruleWindow,
                summary, evidence.build(), event.ip().toString(), event.session(), event.device()));
    }
}
