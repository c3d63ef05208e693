package io.logintelemetry.detect;

import io.logintelemetry.config.ConfigKeys;
import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.event.Event;
import io.logintelemetry.event.EventType;
import io.logintelemetry.flag.Evidence;
import io.logintelemetry.flag.Severity;
import io.logintelemetry.flag.Signal;
import io.logintelemetry.intel.IpInfo;
import io.logintelemetry.intel.NetworkType;
import io.logintelemetry.state.AccountState;
import io.logintelemetry.state.LoginSighting;
import java.util.List;
import java.util.Locale;

/**
 * {@code net.anonymizer}: logins through addresses that hide where their user is: hosting
 * providers, VPNs, Tor exits, public proxies. Two rules:
 * <ul>
 *   <li>login: this login came through such an address (configured severity, low by default:
 *       privacy-VPN users exist);</li>
 *   <li>share: at least {@code min-share} of the account's logins in 7 days did, out of at least
 *       {@code min-logins} (one step higher).</li>
 * </ul>
 */
public final class NetAnonymizer implements Detector.OfAccount {

    private static final long WEEK = 7 * 24 * 3_600_000L;

    private final double minShare;
    private final int minLogins;
    private final Severity severity;

    public NetAnonymizer(LoginTelemetryConfig config) {
        this.minShare = config.get(ConfigKeys.ANONYMIZER_MIN_SHARE);
        this.minLogins = config.get(ConfigKeys.ANONYMIZER_MIN_LOGINS);
        this.severity = config.detector(signal()).severity();
    }

    @Override
    public Signal signal() {
        return Signal.NET_ANONYMIZER;
    }

    @Override
    public void evaluate(Event event, AccountState account, List<Finding> out) {
        if (event.type() != EventType.LOGIN || event.isFailedLogin() || event.ip() == null) {
            return;
        }
        LoginSighting login = account.lastLogin();
        if (login == null || login.time() != event.timestamp() || !login.info().isAnonymizer()) {
            return;
        }
        IpInfo info = login.info();
        int[] week = account.loginsLastWeek();
        boolean shareRule = week[0] >= minLogins && week[1] >= minShare * week[0];
        String kinds = kinds(info);
        Evidence evidence = Evidence.builder()
                .put("rule", shareRule ? "share" : "login")
                .ip("ip", login.ip())
                .put("network_types", kinds)
                .put("asn", info.asnLabel())
                .put("country", info.country())
                .put("source", info.source())
                .put("logins_7d", week[0])
                .put("anonymized_logins_7d", week[1])
                .put("min_share", minShare)
                .build();
        String where = info.asnLabel() == null ? "" : " (" + Wording.place(info, "") + ")";
        String summary = shareRule
                ? week[1] + " of " + week[0] + " logins in 7 days through " + kinds + " addresses" + where
                        + " (limit " + Math.round(minShare * 100) + "%)"
                : "login through a " + kinds + " address" + where;
        out.add(new Finding(signal(), account.id(), shareRule ? severity.raised() : severity, week[1], WEEK, summary,
                evidence, login.ip(), event.session(), event.device()));
    }

    /** "VPN", "hosting", "Tor exit", "listed bad", "VPN / hosting". */
    private static String kinds(IpInfo info) {
        StringBuilder b = new StringBuilder();
        for (NetworkType t : new NetworkType[] {NetworkType.TOR, NetworkType.VPN, NetworkType.PROXY, NetworkType.HOSTING,
                NetworkType.LISTED}) {
            if (info.is(t)) {
                if (b.length() > 0) {
                    b.append(" / ");
                }
                b.append(t == NetworkType.TOR ? "Tor exit" : t == NetworkType.VPN ? "VPN"
                        : t == NetworkType.LISTED ? "listed bad" : t.name().toLowerCase(Locale.ROOT));
            }
        }
        return b.toString();
    }
}
