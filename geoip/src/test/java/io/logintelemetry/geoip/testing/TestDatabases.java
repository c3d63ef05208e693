package io.logintelemetry.geoip.testing;

import com.maxmind.geoip2.model.ConnectionTypeResponse.ConnectionType;

/**
 * Entry point for generated GeoIP2 test databases of the five kinds the geoip module reads.
 *
 * <pre>{@code
 * import static io.logintelemetry.geoip.testing.TestDatabases.*;
 *
 * Path city = city()
 *         .add("203.0.113.0/24", city("JP", "Tokyo", 35.68, 139.69, 20).timeZone("Asia/Tokyo"))
 *         .add("2001:db8:1::/48", city("DE", "Berlin", 52.52, 13.40, 50))
 *         .writeTo(dir.resolve("GeoLite2-City.mmdb"));
 * Path asn = asn().add("198.51.100.0/24", asn(64500, "Example Hosting")).writeTo(dir.resolve("asn.mmdb"));
 * Path anon = anonymousIp().add("192.0.2.0/24", anonymous().vpn().hosting()).writeTo(...);
 * Path type = connectionType().add("100.64.0.0/10", connection("Cellular")).writeTo(...);
 * }</pre>
 *
 * <p>The no-argument methods start a database; the same names with arguments make its records. Damaged
 * files for error-handling tests are made by {@link DamagedDatabases}.
 */
public final class TestDatabases {

    public static final String CITY_TYPE = "GeoLite2-City";
    public static final String COUNTRY_TYPE = "GeoLite2-Country";
    public static final String ASN_TYPE = "GeoLite2-ASN";
    public static final String ANONYMOUS_IP_TYPE = "GeoIP2-Anonymous-IP";
    public static final String CONNECTION_TYPE_TYPE = "GeoIP2-Connection-Type";

    private TestDatabases() {
    }

    /** A GeoLite2-City database. */
    public static DatabaseBuilder<GeoRecord> city() {
        return new DatabaseBuilder<>(CITY_TYPE);
    }

    /** A GeoLite2-Country database; its records are usually {@link #country(String)}. */
    public static DatabaseBuilder<GeoRecord> country() {
        return new DatabaseBuilder<>(COUNTRY_TYPE);
    }

    /** A GeoLite2-ASN database. */
    public static DatabaseBuilder<AsnRecord> asn() {
        return new DatabaseBuilder<>(ASN_TYPE);
    }

    /** A GeoIP2-Anonymous-IP database. */
    public static DatabaseBuilder<AnonymousIpRecord> anonymousIp() {
        return new DatabaseBuilder<>(ANONYMOUS_IP_TYPE);
    }

    /** A GeoIP2-Connection-Type database. */
    public static DatabaseBuilder<ConnectionTypeRecord> connectionType() {
        return new DatabaseBuilder<>(CONNECTION_TYPE_TYPE);
    }

    /** A city record: country ISO code, English city name, position and accuracy radius in km. */
    public static GeoRecord city(String countryIso, String cityName, double latitude, double longitude,
            int accuracyRadiusKm) {
        return new GeoRecord(countryIso).city(cityName, latitude, longitude, accuracyRadiusKm);
    }

    /** A country-only record (for Country databases, or City ones that know only the country). */
    public static GeoRecord country(String countryIso) {
        return new GeoRecord(countryIso);
    }

    public static AsnRecord asn(long number, String organization) {
        return new AsnRecord(number, organization);
    }

    /** An anonymous-IP record without flags; add them fluently, e.g. {@code anonymous().torExitNode()}. */
    public static AnonymousIpRecord anonymous() {
        return new AnonymousIpRecord();
    }

    /** A connection-type record, e.g. "Cellular", "Cable/DSL", "Corporate", "Dialup", "Satellite". */
    public static ConnectionTypeRecord connection(String type) {
        return new ConnectionTypeRecord(type);
    }

    public static ConnectionTypeRecord connection(ConnectionType type) {
        return ConnectionTypeRecord.of(type);
    }
}
