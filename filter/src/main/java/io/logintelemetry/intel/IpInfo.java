package io.logintelemetry.intel;

import java.util.Set;

/**
 * What IP intelligence knows about one address. Every field may be unknown.
 *
 * @param country          ISO 3166 alpha-2 country code, or null
 * @param asn              autonomous system number, or 0
 * @param organization     the AS or ISP organisation name, or null
 * @param types            network kinds the address belongs to (hosting, VPN, mobile...)
 * @param latitude         of the located place, or NaN
 * @param longitude        of the located place, or NaN
 * @param accuracyRadiusKm radius of the location's uncertainty, or -1
 * @param source           what classified it (e.g. "GeoLite2-ASN", "curated list"), or null
 */
public record IpInfo(String country, long asn, String organization, Set<NetworkType> types,
                     double latitude, double longitude, int accuracyRadiusKm, String source) {

    /** Nothing known. */
    public static final IpInfo UNKNOWN = new IpInfo(null, 0, null, Set.of(), Double.NaN, Double.NaN, -1, null);

    public IpInfo {
        types = Set.copyOf(types);
    }

    public boolean is(NetworkType type) {
        return types.contains(type);
    }

    /** Whether many people normally share one address of this network. */
    public boolean isShared() {
        return types.contains(NetworkType.MOBILE) || types.contains(NetworkType.SHARED);
    }
}
