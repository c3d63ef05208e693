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

/**
 * {@code geo.impossible_travel}: two consecutive located logins too far apart for the time between
 * them. Both locations' accuracy radii are subtracted from the distance first, hops through VPN or
 * hosting addresses are ignored (their location says nothing about the user), and so are hops
 * shorter than {@code min-distance-km}.
 */
public final class GeoImpossibleTravel implements Detector.OfAccount {

    private static final long DAY = 24 * 3_600_000L;
    private static final double EARTH_RADIUS_KM = 6371.0088;

    private final int maxSpeed;
    private final int minDistance;
    private final Severity severity;

    public GeoImpossibleTravel(LoginTelemetryConfig config) {
        this.maxSpeed = config.get(ConfigKeys.TRAVEL_MAX_SPEED);
        this.minDistance = config.get(ConfigKeys.TRAVEL_MIN_DISTANCE);
        this.severity = config.detector(signal()).severity();
    }

    @Override
    public Signal signal() {
        return Signal.GEO_IMPOSSIBLE_TRAVEL;
    }

    @Override
    public void evaluate(Event event, AccountState account, List<Finding> out) {
        if (event.type() != EventType.LOGIN || event.isFailedLogin() || event.ip() == null) {
            return;
        }
        LoginSighting to = account.lastLocatedLogin();
        LoginSighting from = account.previousLocatedLogin();
        if (to == null || from == null || to.time() != event.timestamp()
                || to.info().isAnonymizer() || from.info().isAnonymizer()) {
            return;
        }
        double distance = distanceKm(from.info(), to.info())
                - Math.max(0, from.info().accuracyRadiusKm()) - Math.max(0, to.info().accuracyRadiusKm());
        if (distance < Math.max(minDistance, 1)) {
            return;
        }
        // Logins in the same minute count as one minute apart, so the speed stays finite.
        long millis = Math.max(60_000L, to.time() - from.time());
        double speed = distance / (millis / 3_600_000.0);
        if (speed <= maxSpeed) {
            return;
        }
        Evidence evidence = Evidence.builder()
                .ip("from_ip", from.ip())
                .put("from_place", place(from.info()))
                .ip("to_ip", to.ip())
                .put("to_place", place(to.info()))
                .put("distance_km", Math.round(distance))
                .put("minutes", Wording.minutes(millis))
                .put("speed_kmh", Math.round(speed))
                .put("limit_kmh", maxSpeed)
                .put("accuracy_radius_km", Math.max(0, from.info().accuracyRadiusKm()) + Math.max(0, to.info().accuracyRadiusKm()))
                .put("source", to.info().source())
                .build();
        out.add(new Finding(signal(), account.id(), Wording.severity(severity, speed, maxSpeed), Math.round(speed), DAY,
                "logins " + Math.round(distance) + " km apart in " + Wording.duration(millis) + " (" + place(from.info())
                        + " to " + place(to.info()) + "): " + Math.round(speed) + " km/h (limit " + maxSpeed + " km/h)",
                evidence, to.ip(), event.session(), event.device()));
    }

    private static String place(IpInfo info) {
        String country = info.country() == null ? "?" : info.country();
        return info.city() == null ? country : info.city() + ", " + country;
    }

    /** Great-circle distance (haversine). */
    static double distanceKm(IpInfo a, IpInfo b) {
        double lat1 = Math.toRadians(a.latitude());
        double lat2 = Math.toRadians(b.latitude());
        double dLat = lat2 - lat1;
        double dLon = Math.toRadians(b.longitude() - a.longitude());
        double h = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(lat1) * Math.cos(lat2) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
    }
}
