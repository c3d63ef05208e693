package io.logintelemetry.geoip;

import io.logintelemetry.intel.IpInfo;
import io.logintelemetry.intel.NetworkType;
import io.logintelemetry.net.IpAddress;
import java.net.InetAddress;
import java.util.EnumSet;
import java.util.Set;

/**
 * What the sources have said so far about one address, filled in source order. Scalar fields keep the
 * first answer (sources are asked best first), network types add up, and every source that added
 * something is named once, so the result's {@code source} says who classified what.
 */
final class Draft {

    private final IpAddress ip;
    private InetAddress inet;

    private String country;
    private String city;
    private long asn;
    private String organization;
    private double latitude = Double.NaN;
    private double longitude = Double.NaN;
    private int accuracyRadiusKm = -1;
    private final Set<NetworkType> types = EnumSet.noneOf(NetworkType.class);
    private final StringBuilder sources = new StringBuilder();

    Draft(IpAddress ip) {
        this.ip = ip;
    }

    IpAddress ip() {
        return ip;
    }

    /** The address for the MaxMind reader, built from its bits (never a name lookup), once per lookup. */
    InetAddress inet() {
        if (inet == null) {
            inet = ip.toInetAddress();
        }
        return inet;
    }

    long asn() {
        return asn;
    }

    String organization() {
        return organization;
    }

    boolean hasCountry() {
        return country != null;
    }

    /** Location fields from one source; each is taken only when no earlier source gave it. */
    void location(String country, String city, Double latitude, Double longitude, Integer radiusKm, String source) {
        boolean used = false;
        if (this.country == null && country != null) {
            this.country = country;
            used = true;
        }
        if (this.city == null && city != null) {
            this.city = city;
            used = true;
        }
        // Latitude and longitude only make sense together, with the radius measured around them.
        if (Double.isNaN(this.latitude) && latitude != null && longitude != null) {
            this.latitude = latitude;
            this.longitude = longitude;
            this.accuracyRadiusKm = radiusKm == null ? -1 : radiusKm;
            used = true;
        }
        if (used) {
            source(source);
        }
    }

    /** ASN and its organisation; taken only when no earlier source gave an ASN (0 means unknown). */
    void asn(Long number, String organization, String source) {
        if (asn != 0 || number == null || number <= 0) {
            return;
        }
        asn = number;
        this.organization = organization;
        source(source);
    }

    /** Fills in the organisation name of an ASN another source found without one. */
    void organizationIfMissing(String organization, String source) {
        if (this.organization == null && organization != null && asn != 0) {
            this.organization = organization;
            source(source);
        }
    }

    void type(NetworkType type, String source) {
        types.add(type);
        source(source);
    }

    private void source(String name) {
        // A handful of short names in one string: a search beats building a set on every lookup.
        for (int from = 0; ; ) {
            int at = sources.indexOf(name, from);
            if (at < 0) {
                break;
            }
            int end = at + name.length();
            boolean wholeName = (at == 0 || at >= 2 && sources.charAt(at - 2) == ',')
                    && (end == sources.length() || sources.charAt(end) == ',');
            if (wholeName) {
                return;
            }
            from = at + 1;
        }
        if (sources.length() > 0) {
            sources.append(", ");
        }
        sources.append(name);
    }

    /** The finished answer; {@link IpInfo#UNKNOWN} when no source knew anything. */
    IpInfo toInfo() {
        if (sources.length() == 0) {
            return IpInfo.UNKNOWN;
        }
        return new IpInfo(country, city, asn, organization, types, latitude, longitude, accuracyRadiusKm,
                sources.toString());
    }
}
