package io.logintelemetry.geoip.insights;

import com.maxmind.geoip2.model.ConnectionTypeResponse.ConnectionType;
import com.maxmind.geoip2.model.InsightsResponse;
import com.maxmind.geoip2.record.Anonymizer;
import com.maxmind.geoip2.record.City;
import com.maxmind.geoip2.record.Country;
import com.maxmind.geoip2.record.Location;
import com.maxmind.geoip2.record.Traits;
import io.logintelemetry.intel.IpInfo;
import io.logintelemetry.intel.NetworkType;
import java.util.EnumSet;
import java.util.Set;

/** Turns our addresses into the client's and the service's answers into {@link IpInfo}. */
final class InsightsMapping {

    static final String SOURCE = "GeoIP2 Insights";

    private InsightsMapping() {
    }


    static IpInfo toIpInfo(InsightsResponse response) {
        Country country = response.country();
        City city = response.city();
        Location location = response.location();
        Traits traits = response.traits();
        String isoCode = country == null ? null : country.isoCode();
        String cityName = city == null ? null : city.name();
        double latitude = location == null || location.latitude() == null ? Double.NaN : location.latitude();
        double longitude = location == null || location.longitude() == null ? Double.NaN : location.longitude();
        // A position without its partner is no position.
        if (Double.isNaN(latitude) || Double.isNaN(longitude)) {
            latitude = Double.NaN;
            longitude = Double.NaN;
        }
        int radius = location == null || location.accuracyRadius() == null ? -1 : location.accuracyRadius();
        long asn = 0;
        String organization = null;
        if (traits != null) {
            asn = traits.autonomousSystemNumber() == null ? 0 : traits.autonomousSystemNumber();
            organization = firstNonBlank(traits.autonomousSystemOrganization(), traits.isp(), traits.organization());
        }
        return new IpInfo(isoCode, cityName, asn, organization, types(response.anonymizer(), traits),
                latitude, longitude, radius, SOURCE);
    }

    /**
     * Since geoip2 5.0 the anonymizer flags live in the response's {@code anonymizer} object; the
     * service still sends them in {@code traits} too, and older answers (or test doubles) only there,
     * so either place counts.
     */
    @SuppressWarnings("removal")
    private static Set<NetworkType> types(Anonymizer anonymizer, Traits traits) {
        Set<NetworkType> types = EnumSet.noneOf(NetworkType.class);
        if (anonymizer != null) {
            addIf(types, anonymizer.isAnonymousVpn(), NetworkType.VPN);
            addIf(types, anonymizer.isHostingProvider(), NetworkType.HOSTING);
            addIf(types, anonymizer.isTorExitNode(), NetworkType.TOR);
            addIf(types, anonymizer.isPublicProxy() || anonymizer.isResidentialProxy(), NetworkType.PROXY);
        }
        if (traits != null) {
            addIf(types, traits.isAnonymousVpn(), NetworkType.VPN);
            addIf(types, traits.isHostingProvider(), NetworkType.HOSTING);
            addIf(types, traits.isTorExitNode(), NetworkType.TOR);
            addIf(types, traits.isPublicProxy() || traits.isResidentialProxy(), NetworkType.PROXY);
            addIf(types, traits.connectionType() == ConnectionType.CELLULAR
                    || "cellular".equalsIgnoreCase(traits.userType()), NetworkType.MOBILE);
        }
        return types;
    }

    private static void addIf(Set<NetworkType> types, boolean condition, NetworkType type) {
        if (condition) {
            types.add(type);
        }
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
