package io.logintelemetry.detect;

import io.logintelemetry.config.ConfigKeys;
import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.event.Event;
import io.logintelemetry.event.EventType;
import io.logintelemetry.flag.Evidence;
import io.logintelemetry.flag.Severity;
import io.logintelemetry.flag.Signal;
import io.logintelemetry.intel.IpInfo;
import io.logintelemetry.state.AccountState;
import io.logintelemetry.state.LoginSighting;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code geo.country}: a login from a watched country (configured severity), or from another
 * country than the one the account declares (one step lower: travellers exist). Once per account and
 * day while it goes on.
 */
public final class GeoCountry implements Detector.OfAccount {

    private static final long DAY = 24 * 3_600_000L;

    private final Set<String> watchList;
    private final boolean declaredRule;
    private final Severity severity;

    public GeoCountry(LoginTelemetryConfig config) {
        this.watchList = config.get(ConfigKeys.GEO_COUNTRY_WATCH_LIST).stream()
                .map(c -> c.toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        this.declaredRule = config.get(ConfigKeys.GEO_COUNTRY_DECLARED_RULE);
        this.severity = config.detector(signal()).severity();
    }

    @Override
    public Signal signal() {
        return Signal.GEO_COUNTRY;
    }

    @Override
    public void evaluate(Event event, AccountState account, List<Finding> out) {
        if (event.type() != EventType.LOGIN || event.isFailedLogin() || event.ip() == null) {
            return;
        }
        LoginSighting login = account.lastLogin();
        if (login == null || login.time() != event.timestamp() || login.info().country() == null) {
            return;
        }
        IpInfo info = login.info();
        String country = info.country();
        String declared = account.declaredCountry() == null ? null : account.declaredCountry().toUpperCase(Locale.ROOT);
        boolean watched = watchList.contains(country);
        boolean elsewhere = declaredRule && declared != null && !declared.equals(country);
        if (!watched && !elsewhere) {
            return;
        }
        Evidence evidence = Evidence.builder()
                .put("rule", watched ? "watch_list" : "declared_country")
                .put("country", country)
                .put("declared_country", declared)
                .put("watch_list", watched)
                .ip("ip", login.ip())
                .put("asn", info.asnLabel())
                .put("anonymizer", info.isAnonymizer())
                .put("source", info.source())
                .build();
        String summary = watched
                ? "login from " + country + ", a watched country" + (elsewhere ? " (account declares " + declared + ")" : "")
                : "login from " + country + " while the account declares " + declared;
        Severity s = watched ? severity : severity == Severity.INFO ? Severity.INFO : Severity.values()[severity.ordinal() - 1];
        out.add(new Finding(signal(), account.id(), s, watched ? 2 : 1, DAY, summary, evidence, login.ip(),
                event.session(), event.device()));
    }
}
