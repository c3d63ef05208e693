package io.logintelemetry.geoip.testing;

import static io.logintelemetry.geoip.testing.TestDatabases.anonymous;
import static io.logintelemetry.geoip.testing.TestDatabases.anonymousIp;
import static io.logintelemetry.geoip.testing.TestDatabases.asn;
import static io.logintelemetry.geoip.testing.TestDatabases.city;
import static io.logintelemetry.geoip.testing.TestDatabases.connection;
import static io.logintelemetry.geoip.testing.TestDatabases.connectionType;
import static io.logintelemetry.geoip.testing.TestDatabases.country;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.maxmind.db.InvalidDatabaseException;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.AddressNotFoundException;
import com.maxmind.geoip2.model.AnonymousIpResponse;
import com.maxmind.geoip2.model.AsnResponse;
import com.maxmind.geoip2.model.CityResponse;
import com.maxmind.geoip2.model.ConnectionTypeResponse.ConnectionType;
import com.maxmind.geoip2.model.CountryResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The five database kinds, read back through the official GeoIP2 reader. */
class TestDatabasesTest {

    private static final Instant BUILT = Instant.parse("2026-02-03T04:05:06Z");

    @TempDir
    Path dir;

    static InetAddress ip(String literal) throws IOException {
        return InetAddress.getByName(literal);
    }

    static DatabaseReader open(Path file) throws IOException {
        return new DatabaseReader.Builder(file.toFile()).build();
    }

    @Nested
    class City {

        Path file() {
            return city()
                    .add("203.0.113.0/24", city("JP", "Tokyo", 35.68, 139.69, 20).timeZone("Asia/Tokyo")
                            .cityName("de", "Tokio"))
                    .add("2001:db8:1::/48", city("DE", "Berlin", 52.52, 13.405, 50).timeZone("Europe/Berlin")
                            .inEuropeanUnion())
                    .add("198.51.100.0/24", city("US", "Ashburn", 39.04, -77.49, 1000).registeredCountry("NL"))
                    .buildTime(BUILT)
                    .writeTo(dir.resolve("GeoLite2-City.mmdb"));
        }

        @Test
        void ipv4LookupReturnsTheRecord() throws Exception {
            try (DatabaseReader reader = open(file())) {
                CityResponse r = reader.city(ip("203.0.113.77"));
                assertThat(r.country().isoCode()).isEqualTo("JP");
                assertThat(r.country().name()).isEqualTo("Japan");
                assertThat(r.city().name()).isEqualTo("Tokyo");
                assertThat(r.city().names()).containsEntry("de", "Tokio");
                assertThat(r.location().latitude()).isEqualTo(35.68);
                assertThat(r.location().longitude()).isEqualTo(139.69);
                assertThat(r.location().accuracyRadius()).isEqualTo(20);
                assertThat(r.location().timeZone()).isEqualTo("Asia/Tokyo");
                assertThat(r.continent().code()).isEqualTo("AS");
                assertThat(r.continent().name()).isEqualTo("Asia");
                assertThat(r.registeredCountry().isoCode()).isEqualTo("JP");
                assertThat(r.traits().network().toString()).isEqualTo("203.0.113.0/24");
            }
        }

        @Test
        void ipv6LookupReturnsTheRecord() throws Exception {
            try (DatabaseReader reader = open(file())) {
                CityResponse r = reader.city(ip("2001:db8:1:ffff::1"));
                assertThat(r.country().isoCode()).isEqualTo("DE");
                assertThat(r.country().isInEuropeanUnion()).isTrue();
                assertThat(r.city().name()).isEqualTo("Berlin");
                assertThat(r.location().latitude()).isEqualTo(52.52);
                assertThat(r.location().longitude()).isEqualTo(13.405);
                assertThat(r.location().accuracyRadius()).isEqualTo(50);
                assertThat(r.continent().code()).isEqualTo("EU");
                assertThat(r.traits().network().prefixLength()).isEqualTo(48);
            }
        }

        @Test
        void registeredCountryCanDiffer() throws Exception {
            try (DatabaseReader reader = open(file())) {
                CityResponse r = reader.city(ip("198.51.100.1"));
                assertThat(r.country().isoCode()).isEqualTo("US");
                assertThat(r.registeredCountry().isoCode()).isEqualTo("NL");
                assertThat(r.registeredCountry().name()).isEqualTo("Netherlands");
                assertThat(r.location().longitude()).isEqualTo(-77.49);
                assertThat(r.location().accuracyRadius()).isEqualTo(1000);
            }
        }

        @Test
        void addressesOutsideEveryNetworkAreNotFound() throws Exception {
            try (DatabaseReader reader = open(file())) {
                assertThat(reader.tryCity(ip("203.0.114.1"))).isEmpty();
                assertThat(reader.tryCity(ip("2001:db8:2::1"))).isEmpty();
                assertThat(reader.tryCity(ip("10.0.0.1"))).isEmpty();
                assertThatThrownBy(() -> reader.city(ip("192.0.2.1"))).isInstanceOf(AddressNotFoundException.class);
            }
        }

        @Test
        void metadataReadsBack() throws Exception {
            try (DatabaseReader reader = open(file())) {
                var meta = reader.metadata();
                assertThat(meta.databaseType()).isEqualTo("GeoLite2-City");
                assertThat(meta.ipVersion()).isEqualTo(6);
                assertThat(meta.buildTime()).isEqualTo(BUILT);
                assertThat(meta.binaryFormatMajorVersion()).isEqualTo(2);
                assertThat(meta.binaryFormatMinorVersion()).isZero();
                assertThat(meta.recordSize()).isEqualTo(24);
                assertThat(meta.languages()).containsExactly("en", "de");
                assertThat(meta.description()).containsKey("en");
                // Three networks and the IPv4-mapped alias: a couple of hundred nodes, not thousands.
                assertThat(meta.nodeCount()).isBetween(150L, 400L);
            }
        }

        @Test
        void aCountryRecordInACityDatabaseHasNoCity() throws Exception {
            Path file = city().add("192.0.2.0/24", country("FR")).writeTo(dir.resolve("c.mmdb"));
            try (DatabaseReader reader = open(file)) {
                CityResponse r = reader.city(ip("192.0.2.9"));
                assertThat(r.country().isoCode()).isEqualTo("FR");
                assertThat(r.city().name()).isNull();
                assertThat(r.location().latitude()).isNull();
            }
        }
    }

    @Nested
    class Country {

        @ParameterizedTest(name = "ip_version {0}")
        @ValueSource(ints = {4, 6})
        void countryLookups(int ipVersion) throws Exception {
            var builder = country()
                    .add("203.0.113.0/24", country("KR"))
                    .add("198.51.100.128/25", country("BR"))
                    .ipVersion(ipVersion)
                    .buildTime(BUILT);
            if (ipVersion == 6) {
                builder.add("2001:db8:abcd::/48", country("NG"));
            }
            try (DatabaseReader reader = open(builder.writeTo(dir.resolve("country.mmdb")))) {
                CountryResponse kr = reader.country(ip("203.0.113.1"));
                assertThat(kr.country().isoCode()).isEqualTo("KR");
                assertThat(kr.continent().code()).isEqualTo("AS");
                assertThat(reader.country(ip("198.51.100.200")).country().isoCode()).isEqualTo("BR");
                assertThat(reader.tryCountry(ip("198.51.100.127"))).isEmpty();
                if (ipVersion == 6) {
                    assertThat(reader.country(ip("2001:db8:abcd:1::")).country().isoCode()).isEqualTo("NG");
                    assertThat(reader.tryCountry(ip("2001:db8:abce::"))).isEmpty();
                }
                assertThat(reader.metadata().databaseType()).isEqualTo("GeoLite2-Country");
                assertThat(reader.metadata().ipVersion()).isEqualTo(ipVersion);
                assertThat(reader.metadata().buildTime()).isEqualTo(BUILT);
            }
        }

        @Test
        void ipv6LookupInAnIpv4DatabaseFindsNothing() throws Exception {
            Path file = country().ipVersion(4).add("203.0.113.0/24", country("KR")).writeTo(dir.resolve("v4.mmdb"));
            try (DatabaseReader reader = open(file)) {
                // maxmind-db 4.1.0 answers "not found" here rather than failing, so callers need no special case.
                assertThat(reader.tryCountry(ip("2001:db8::1"))).isEmpty();
                assertThat(reader.country(ip("203.0.113.1")).country().isoCode()).isEqualTo("KR");
            }
        }

        @Test
        void anIpv4DatabaseRefusesIpv6Networks() {
            assertThatThrownBy(() -> country().ipVersion(4).add("2001:db8::/32", country("KR")).toBytes())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("IPv6");
        }
    }

    @Nested
    class Asn {

        @Test
        void asnLookups() throws Exception {
            Path file = asn()
                    .add("198.51.100.0/24", asn(64500, "Example Hosting GmbH"))
                    .add("198.51.100.64/26", asn(64501, "Example VPN Ltd"))
                    .add("2001:db8:64::/48", asn(4_200_000_000L, "Large Number Networks"))
                    .buildTime(BUILT)
                    .writeTo(dir.resolve("GeoLite2-ASN.mmdb"));
            try (DatabaseReader reader = open(file)) {
                AsnResponse wide = reader.asn(ip("198.51.100.1"));
                assertThat(wide.autonomousSystemNumber()).isEqualTo(64500L);
                assertThat(wide.autonomousSystemOrganization()).isEqualTo("Example Hosting GmbH");
                assertThat(wide.network().toString()).isEqualTo("198.51.100.0/26");
                AsnResponse specific = reader.asn(ip("198.51.100.70"));
                assertThat(specific.autonomousSystemNumber()).isEqualTo(64501L);
                assertThat(specific.autonomousSystemOrganization()).isEqualTo("Example VPN Ltd");
                assertThat(specific.network().prefixLength()).isEqualTo(26);
                assertThat(reader.asn(ip("198.51.100.200")).autonomousSystemNumber()).isEqualTo(64500L);
                AsnResponse v6 = reader.asn(ip("2001:db8:64::99"));
                assertThat(v6.autonomousSystemNumber()).isEqualTo(4_200_000_000L);
                assertThat(v6.autonomousSystemOrganization()).isEqualTo("Large Number Networks");
                assertThat(reader.tryAsn(ip("198.51.101.0"))).isEmpty();
                assertThat(reader.tryAsn(ip("2001:db8:65::"))).isEmpty();
                assertThat(reader.metadata().databaseType()).isEqualTo("GeoLite2-ASN");
            }
        }
    }

    @Nested
    class AnonymousIp {

        @Test
        void everyFlagReadsBack() throws Exception {
            Path file = anonymousIp()
                    .add("192.0.2.1", anonymous().vpn())
                    .add("192.0.2.2", anonymous().hosting())
                    .add("192.0.2.3", anonymous().publicProxy())
                    .add("192.0.2.4", anonymous().residentialProxy())
                    .add("192.0.2.5", anonymous().torExitNode())
                    .add("2001:db8:7::/64", anonymous().vpn().hosting().torExitNode())
                    .add("192.0.2.6", anonymous().anonymous(true))
                    .writeTo(dir.resolve("GeoIP2-Anonymous-IP.mmdb"));
            try (DatabaseReader reader = open(file)) {
                assertFlags(reader.anonymousIp(ip("192.0.2.1")), true, true, false, false, false, false);
                assertFlags(reader.anonymousIp(ip("192.0.2.2")), true, false, true, false, false, false);
                assertFlags(reader.anonymousIp(ip("192.0.2.3")), true, false, false, true, false, false);
                assertFlags(reader.anonymousIp(ip("192.0.2.4")), true, false, false, false, true, false);
                assertFlags(reader.anonymousIp(ip("192.0.2.5")), true, false, false, false, false, true);
                assertFlags(reader.anonymousIp(ip("192.0.2.6")), true, false, false, false, false, false);
                assertFlags(reader.anonymousIp(ip("2001:db8:7::abcd")), true, true, true, false, false, true);
                assertThat(reader.tryAnonymousIp(ip("192.0.2.7"))).isEmpty();
                assertThat(reader.tryAnonymousIp(ip("2001:db8:7:1::"))).isEmpty();
                assertThat(reader.metadata().databaseType()).isEqualTo("GeoIP2-Anonymous-IP");
            }
        }

        private void assertFlags(AnonymousIpResponse r, boolean anonymous, boolean vpn, boolean hosting,
                boolean publicProxy, boolean residentialProxy, boolean tor) {
            assertThat(r.isAnonymous()).as("is_anonymous").isEqualTo(anonymous);
            assertThat(r.isAnonymousVpn()).as("is_anonymous_vpn").isEqualTo(vpn);
            assertThat(r.isHostingProvider()).as("is_hosting_provider").isEqualTo(hosting);
            assertThat(r.isPublicProxy()).as("is_public_proxy").isEqualTo(publicProxy);
            assertThat(r.isResidentialProxy()).as("is_residential_proxy").isEqualTo(residentialProxy);
            assertThat(r.isTorExitNode()).as("is_tor_exit_node").isEqualTo(tor);
        }
    }

    @Nested
    class ConnectionTypes {

        @ParameterizedTest(name = "record size {0}")
        @ValueSource(ints = {24, 28, 32})
        void connectionTypeLookups(int recordSize) throws Exception {
            Path file = connectionType()
                    .add("100.64.0.0/10", connection("Cellular"))
                    .add("203.0.113.0/24", connection(ConnectionType.CABLE_DSL))
                    .add("198.51.100.0/24", connection("Corporate"))
                    .add("2001:db8:c311::/48", connection("Cellular"))
                    .add("2001:db8:5a7::/48", connection(ConnectionType.SATELLITE))
                    .recordSize(recordSize)
                    .writeTo(dir.resolve("GeoIP2-Connection-Type.mmdb"));
            try (DatabaseReader reader = open(file)) {
                assertThat(reader.connectionType(ip("100.127.255.255")).connectionType()).isEqualTo(ConnectionType.CELLULAR);
                assertThat(reader.connectionType(ip("203.0.113.9")).connectionType()).isEqualTo(ConnectionType.CABLE_DSL);
                assertThat(reader.connectionType(ip("198.51.100.9")).connectionType()).isEqualTo(ConnectionType.CORPORATE);
                assertThat(reader.connectionType(ip("2001:db8:c311::1")).connectionType()).isEqualTo(ConnectionType.CELLULAR);
                assertThat(reader.connectionType(ip("2001:db8:5a7::1")).connectionType()).isEqualTo(ConnectionType.SATELLITE);
                assertThat(reader.tryConnectionType(ip("100.128.0.0"))).isEmpty();
                assertThat(reader.tryConnectionType(ip("2001:db8:c312::"))).isEmpty();
                assertThat(reader.metadata().databaseType()).isEqualTo("GeoIP2-Connection-Type");
                assertThat(reader.metadata().recordSize()).isEqualTo(recordSize);
            }
        }
    }

    @Nested
    class WrongAndDamagedFiles {

        private byte[] valid() {
            return asn().add("198.51.100.0/24", asn(64500, "Example")).toBytes();
        }

        @Test
        void aCityFileOpenedAsAsnIsRefusedByType() throws Exception {
            Path file = city().add("203.0.113.0/24", city("JP", "Tokyo", 35.68, 139.69, 20)).writeTo(dir.resolve("c.mmdb"));
            try (DatabaseReader reader = open(file)) {
                assertThatThrownBy(() -> reader.asn(ip("203.0.113.1")))
                        .isInstanceOf(UnsupportedOperationException.class)
                        .hasMessageContaining("GeoLite2-City");
            }
        }

        @Test
        void randomBytesAreNotADatabase() {
            Path file = DamagedDatabases.corrupt(dir.resolve("corrupt.mmdb"), 4096, 42);
            assertThatThrownBy(() -> open(file)).isInstanceOf(InvalidDatabaseException.class);
        }

        @Test
        void anEmptyFileIsNotADatabase() {
            Path file = DamagedDatabases.empty(dir.resolve("empty.mmdb"));
            assertThatThrownBy(() -> open(file)).isInstanceOf(IOException.class);
        }

        @Test
        void aFileCutShortIsNotADatabase() {
            Path half = DamagedDatabases.truncated(dir.resolve("half.mmdb"), valid(), 0.5);
            assertThatThrownBy(() -> open(half)).isInstanceOf(InvalidDatabaseException.class);
        }

        @Test
        void aFileCutInItsMetadataIsNotADatabase() {
            Path cut = DamagedDatabases.truncatedInMetadata(dir.resolve("cut.mmdb"), valid());
            // maxmind-db 4.1.0 lets a java.nio IllegalArgumentException escape here, not an IOException:
            // code that opens databases must catch runtime exceptions too.
            assertThatThrownBy(() -> open(cut)).isInstanceOfAny(IOException.class, IllegalArgumentException.class);
        }

        @Test
        void theWriterReplacesAFileAtomicallyAndReadersSeeTheNewOne() throws Exception {
            Path file = dir.resolve("asn.mmdb");
            asn().add("198.51.100.0/24", asn(1, "Old")).writeTo(file);
            asn().add("198.51.100.0/24", asn(2, "New")).writeTo(file);
            try (DatabaseReader reader = open(file)) {
                assertThat(reader.asn(ip("198.51.100.1")).autonomousSystemOrganization()).isEqualTo("New");
            }
            assertThat(dir.toFile().list()).containsExactly("asn.mmdb");
        }
    }

    @Test
    void recordsAreCopiedWhenAdded() throws Exception {
        var record = anonymous().vpn();
        var builder = anonymousIp().add("192.0.2.0/24", record);
        record.torExitNode();
        try (DatabaseReader reader = open(builder.writeTo(dir.resolve("a.mmdb")))) {
            assertThat(reader.anonymousIp(ip("192.0.2.1")).isTorExitNode()).isFalse();
        }
        assertThat(Map.copyOf(record.toMmdb())).containsEntry("is_tor_exit_node", true);
    }
}
