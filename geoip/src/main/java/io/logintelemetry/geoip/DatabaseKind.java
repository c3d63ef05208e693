package io.logintelemetry.geoip;

/**
 * The MaxMind database kinds we read, recognised from the file's own metadata {@code database_type}
 * the way the official reader does, so a kind we pick is one whose lookup method the reader accepts.
 */
enum DatabaseKind {
    CITY("City"),
    COUNTRY("Country"),
    ASN("ASN"),
    ISP("ISP"),
    ANONYMOUS_IP("Anonymous IP"),
    CONNECTION_TYPE("Connection Type"),
    ENTERPRISE("Enterprise");

    private final String label;

    DatabaseKind(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /** The kind of a {@code database_type} such as "GeoLite2-City" or "GeoIP2-ISP", or null if we read none such. */
    static DatabaseKind of(String databaseType) {
        if (databaseType == null) {
            return null;
        }
        // Same tests, in the same spirit, as com.maxmind.geoip2.DatabaseReader's own type check.
        if (databaseType.contains("Enterprise")) {
            return ENTERPRISE;
        }
        if (databaseType.contains("City")) {
            return CITY;
        }
        if (databaseType.contains("Country")) {
            return COUNTRY;
        }
        if (databaseType.contains("GeoLite2-ASN")) {
            return ASN;
        }
        if (databaseType.contains("GeoIP2-ISP")) {
            return ISP;
        }
        if (databaseType.contains("GeoIP2-Anonymous-IP")) {
            return ANONYMOUS_IP;
        }
        if (databaseType.contains("GeoIP2-Connection-Type")) {
            return CONNECTION_TYPE;
        }
        return null;
    }
}
