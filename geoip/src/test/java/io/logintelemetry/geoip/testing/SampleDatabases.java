package io.logintelemetry.geoip.testing;

import static io.logintelemetry.geoip.testing.TestDatabases.anonymous;
import static io.logintelemetry.geoip.testing.TestDatabases.asn;
import static io.logintelemetry.geoip.testing.TestDatabases.city;
import static io.logintelemetry.geoip.testing.TestDatabases.connection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Writes the small GeoIP databases that go with the bundled sample data (sample-data/events.jsonl),
 * so the README's scan shows the IP-intelligence signals too. Only documentation and test ranges
 * appear, mapped to invented networks (documentation ASNs 64496-64511) in real places. The build
 * runs this at {@code package} (see geoip/pom.xml) into {@code geoip/target/sample-geoip/}; no binary
 * database is committed.
 *
 * <p>More specific networks win over the wider ones they sit in.
 */
public final class SampleDatabases {

    private static final Instant BUILT = Instant.parse("2026-03-01T00:00:00Z");

    private SampleDatabases() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/sample-geoip");
        Files.createDirectories(dir);
        write(dir);
    }

    /** Writes GeoLite2-City, GeoLite2-ASN, GeoIP2-Anonymous-IP and GeoIP2-Connection-Type files into {@code dir}. */
    public static void write(Path dir) {
        city()
                .add("198.18.0.0/15", city("JP", "Tokyo", 35.6895, 139.6917, 100))
                .add("198.51.100.0/24", city("JP", "Tokyo", 35.6895, 139.6917, 20))
                .add("203.0.113.0/25", city("JP", "Yokohama", 35.4437, 139.6380, 20))
                .add("203.0.113.64/26", city("US", "Portland", 45.5152, -122.6784, 20))
                .add("192.0.2.0/24", city("JP", "Tokyo", 35.6895, 139.6917, 50))
                .add("100.64.0.0/10", city("JP", "Tokyo", 35.6895, 139.6917, 200))
                .add("198.18.70.0/24", city("JP", "Narita", 35.7720, 140.3929, 10))
                .add("198.18.200.0/24", city("CN", "Shanghai", 31.2304, 121.4737, 50))
                .add("198.18.210.0/24", city("US", "Ashburn", 39.0438, -77.4874, 1000))
                .add("198.18.220.0/24", city("US", "New York", 40.7128, -74.0060, 10))
                .add("2001:db8::/32", city("JP", "Tokyo", 35.6895, 139.6917, 50))
                .add("2001:db8:77::/48", city("FR", "Paris", 48.8566, 2.3522, 20))
                .buildTime(BUILT)
                .writeTo(dir.resolve("GeoLite2-City.mmdb"));
        asn()
                .add("198.18.0.0/15", asn(64498, "Example Fibre JP"))
                .add("198.51.100.0/24", asn(64496, "Example Broadband JP"))
                .add("203.0.113.0/24", asn(64497, "Example Cable"))
                .add("192.0.2.0/24", asn(64496, "Example Broadband JP"))
                .add("100.64.0.0/10", asn(64499, "Example Mobile JP"))
                .add("198.18.200.0/24", asn(64500, "Example Telecom CN"))
                .add("198.18.210.0/24", asn(64501, "Example Cloud Hosting"))
                .add("198.18.220.0/24", asn(64503, "Example Metro US"))
                .add("2001:db8::/32", asn(64502, "Example IPv6 JP"))
                .add("2001:db8:77::/48", asn(64504, "Example Hotel Wi-Fi FR"))
                .buildTime(BUILT)
                .writeTo(dir.resolve("GeoLite2-ASN.mmdb"));
        TestDatabases.anonymousIp()
                .add("198.18.210.0/24", anonymous().hosting())
                .add("198.18.211.0/24", anonymous().vpn())
                .buildTime(BUILT)
                .writeTo(dir.resolve("GeoIP2-Anonymous-IP.mmdb"));
        TestDatabases.connectionType()
                .add("100.64.0.0/10", connection("Cellular"))
                .add("198.51.100.0/24", connection("Corporate"))
                .buildTime(BUILT)
                .writeTo(dir.resolve("GeoIP2-Connection-Type.mmdb"));
    }
}
