package io.logintelemetry.intel;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What IP intelligence knows about one address. Every field may be unknown.
 *
 * @param country          ISO 3166 alpha-2 country code (upper case), or null
 * @param city             city name (English), or null
 * @param asn              autonomous system number, or 0
 * @param organization     the AS or ISP organisation name, or null
 * @param types            network kinds the address belongs to (hosting, VPN, mobile...)
 * @param latitude         of the located place, or NaN
 * @param longitude        of the located place, or NaN
 * @param accuracyRadiusKm radius of the location's uncertainty, or -1
 * @param source           what classified it, e.g. "GeoLite2-City, GeoLite2-ASN, curated list", or null
 */
public record IpInfo(String country, String city, long asn, String organization, Set<NetworkType> types,
                     double latitude, double longitude, int accuracyRadiusKm, String source) {

    /** Nothing known. */
    public static final IpInfo UNKNOWN = new IpInfo(null, null, 0, null, Set.of(), Double.NaN, Double.NaN, -1, null);

    private static final Set<NetworkType> ANONYMIZERS =
            EnumSet.of(NetworkType.HOSTING, NetworkType.VPN, NetworkType.TOR, NetworkType.PROXY, NetworkType.LISTED);

    public IpInfo {
        types = Set.copyOf(types);
        country = country == null ? null : country.toUpperCase(Locale.ROOT);
    }

    public boolean is(NetworkType type) {
        return types.contains(type);
    }

    /** Whether many people normally share one address of this network (mobile CGNAT, configured ranges). */
    public boolean isShared() {
        return types.contains(NetworkType.MOBILE) || types.contains(NetworkType.SHARED);
    }

    /** Whether the address hides where its user is: hosting, VPN, Tor, public proxy, or a listed bad range. */
    public boolean isAnonymizer() {
        for (NetworkType t : types) {
            if (ANONYMIZERS.contains(t)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a position is known. */
    public boolean isLocated() {
        return !Double.isNaN(latitude) && !Double.isNaN(longitude);
    }

    /** "AS16509 Amazon.com, Inc." or null when the ASN is unknown. */
    public String asnLabel() {
        return asn == 0 ? null : "AS" + asn + (organization == null ? "" : " " + organization);
    }
}
