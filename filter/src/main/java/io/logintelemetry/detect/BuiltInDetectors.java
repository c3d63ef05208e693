package io.logintelemetry.detect;

import io.logintelemetry.config.LoginTelemetryConfig;
import java.util.ArrayList;
import java.util.List;

/** The detectors this module ships, those switched on in the configuration. */
public final class BuiltInDetectors {

    private BuiltInDetectors() {
    }

    public static List<Detector> create(LoginTelemetryConfig config) {
        List<Detector> all = List.of(
                new SessionLong(config),
                new ActivityCumulative(config),
                new ActivityRoundTheClock(config),
                new IpChurn(config),
                new IpFanout(config),
                new DeviceFanout(config),
                new SessionContextChange(config),
                new NetAnonymizer(config),
                new GeoCountry(config),
                new GeoImpossibleTravel(config),
                new ActivityOffHours(config),
                new IdentitySharedDocument(config),
                new IdentifierSharedPayout(config),
                new ProfileChurn(config),
                new ReviewCollusion(config),
                new ReviewBurst(config),
                new ClusterLinkedAccounts(config),
                new OfferBelowMarket(config),
                new PayoutNameMismatch(config),
                new MessageOffPlatform(config),
                new MessageCryptoPayment(config),
                new MessageTemplateReuse(config));
        List<Detector> enabled = new ArrayList<>();
        for (Detector d : all) {
            if (config.detector(d.signal()).enabled()) {
                enabled.add(d);
            }
        }
        return List.copyOf(enabled);
    }
}
