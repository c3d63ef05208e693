package io.logintelemetry.geoip;

import static io.logintelemetry.geoip.GeoTesting.lookup;
import static io.logintelemetry.geoip.GeoTesting.open;
import static io.logintelemetry.geoip.testing.TestDatabases.anonymous;
import static io.logintelemetry.geoip.testing.TestDatabases.anonymousIp;
import static io.logintelemetry.geoip.testing.TestDatabases.asn;
import static io.logintelemetry.geoip.testing.TestDatabases.city;
import static io.logintelemetry.geoip.testing.TestDatabases.connection;
import static io.logintelemetry.geoip.testing.TestDatabases.connectionType;
import static io.logintelemetry.geoip.testing.TestDatabases.country;
import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.geoip.GeoTesting.RecordingLog;
import io.logintelemetry.geoip.testing.DamagedDatabases;
import io.logintelemetry.intel.IpInfo;
import io.logintelemetry.intel.NetworkType;
import java.nio.file.Path;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The MaxMind databases, each alone, combined, and broken. */
class MaxMindSourcesTest {

    @TempDir
    Path dir;

    final RecordingLog log = new RecordingLog();

    Path cityFile() {
        return city()
                .add("203.0.113.0/24", city("JP", "Tokyo", 35.68, 139.69, 20))
                .add("2001:db8:1::/48", city("DE", "Berlin", 52.52, 13.405, 50))
                .writeTo(dir.resolve("GeoLite2-City.mmdb"));
    }

    Path asnFile() {
        return asn()
                .add("203.0.113.0/24", asn(64500, "Example Broadband JP"))
                .add("198.51.100.0/24", asn(64501, "Example Hosting"))
                .add("2001:db8:1::/48", asn(64502, "Example Telekom DE"))
                .writeTo(dir.resolve("GeoLite2-ASN.mmdb"));
    }

    @Test
    void aCityDatabaseAloneGivesCountryCityAndLocationForIpv4AndIpv6() {
        try (GeoIpIntelligence geo = open(log, "geoip.city-database", cityFile().toString())) {
            IpInfo tokyo = lookup(geo, "203.0.113.7");
            assertThat(tokyo.country()).isEqualTo("JP");
            assertThat(tokyo.city()).isEqualTo("Tokyo");
            assertThat(tokyo.latitude()).isEqualTo(35.68);
            assertThat(tokyo.longitude()).isEqualTo(139.69);
            assertThat(tokyo.accuracyRadiusKm()).isEqualTo(20);
            assertThat(tokyo.asn()).isZero();
            assertThat(tokyo.source()).isEqualTo("GeoLite2-City");

            IpInfo berlin = lookup(geo, "2001:db8:1:2::99");
            assertThat(berlin.country()).isEqualTo("DE");
            assertThat(berlin.city()).isEqualTo("Berlin");
            assertThat(berlin.accuracyRadiusKm()).isEqualTo(50);

            assertThat(lookup(geo, "192.0.2.1")).isSameAs(IpInfo.UNKNOWN);
            assertThat(lookup(geo, "::ffff:203.0.113.8").city()).isEqualTo("Tokyo");
        }
        assertThat(log.warnings).isEmpty();
        assertThat(log.errors).isEmpty();
    }

    @Test
    void aCountryDatabaseUnderTheCityKeyGivesTheCountryOnly() {
        Path file = country().add("198.51.100.0/24", country("FR")).writeTo(dir.resolve("GeoLite2-Country.mmdb"));
        try (GeoIpIntelligence geo = open(log, "geoip.city-database", file.toString())) {
            IpInfo info = lookup(geo, "198.51.100.20");
            assertThat(info.country()).isEqualTo("FR");
            assertThat(info.city()).isNull();
            assertThat(info.isLocated()).isFalse();
            assertThat(info.source()).isEqualTo("GeoLite2-Country");
        }
    }

    @Test
    void anAsnDatabaseAloneGivesAsnAndOrganisation() {
        try (GeoIpIntelligence geo = open(log, "geoip.asn-database", asnFile().toString(), "geoip.curated.builtin", "false")) {
            IpInfo info = lookup(geo, "198.51.100.1");
            assertThat(info.asn()).isEqualTo(64501);
            assertThat(info.organization()).isEqualTo("Example Hosting");
            assertThat(info.asnLabel()).isEqualTo("AS64501 Example Hosting");
            assertThat(info.country()).isNull();
            assertThat(info.types()).isEmpty();
            assertThat(info.source()).isEqualTo("GeoLite2-ASN");
            assertThat(lookup(geo, "2001:db8:1::1").asn()).isEqualTo(64502);
        }
    }

    @Test
    void theAnonymousIpDatabaseGivesVpnHostingTorAndProxy() {
        Path file = anonymousIp()
                .add("192.0.2.0/28", anonymous().vpn())
                .add("192.0.2.16/28", anonymous().hosting())
                .add("192.0.2.32/28", anonymous().torExitNode())
                .add("192.0.2.48/28", anonymous().publicProxy())
                .add("192.0.2.64/28", anonymous().residentialProxy())
                .add("2001:db8:7::/48", anonymous().vpn().hosting())
                .writeTo(dir.resolve("GeoIP2-Anonymous-IP.mmdb"));
        try (GeoIpIntelligence geo = open(log, "geoip.anonymous-ip-database", file.toString())) {
            assertThat(lookup(geo, "192.0.2.1").types()).containsExactly(NetworkType.VPN);
            assertThat(lookup(geo, "192.0.2.17").types()).containsExactly(NetworkType.HOSTING);
            assertThat(lookup(geo, "192.0.2.33").types()).containsExactly(NetworkType.TOR);
            assertThat(lookup(geo, "192.0.2.49").types()).containsExactly(NetworkType.PROXY);
            assertThat(lookup(geo, "192.0.2.65").types()).containsExactly(NetworkType.PROXY);
            assertThat(lookup(geo, "2001:db8:7::5").types()).containsExactlyInAnyOrder(NetworkType.VPN, NetworkType.HOSTING);
            assertThat(lookup(geo, "192.0.2.1").source()).isEqualTo("GeoIP2-Anonymous-IP");
            assertThat(lookup(geo, "192.0.2.200")).isSameAs(IpInfo.UNKNOWN);
        }
    }

    @Test
    void cellularConnectionsAreMobileAndOthersAreNot() {
        Path file = connectionType()
                .add("100.64.0.0/10", connection("Cellular"))
                .add("198.51.100.0/24", connection("Cable/DSL"))
                .add("2001:db8:c::/48", connection("Cellular"))
                .writeTo(dir.resolve("GeoIP2-Connection-Type.mmdb"));
        try (GeoIpIntelligence geo = open(log, "geoip.connection-type-database", file.toString())) {
            assertThat(lookup(geo, "100.64.3.4").types()).containsExactly(NetworkType.MOBILE);
            assertThat(lookup(geo, "100.64.3.4").source()).isEqualTo("GeoIP2-Connection-Type");
            assertThat(lookup(geo, "2001:db8:c::1").types()).containsExactly(NetworkType.MOBILE);
            assertThat(lookup(geo, "198.51.100.1")).isSameAs(IpInfo.UNKNOWN);
        }
    }

    @Test
    void allDatabasesTogetherMergeIntoOneAnswerNamingEachSource() {
        Path anon = anonymousIp().add("198.51.100.0/24", anonymous().hosting()).writeTo(dir.resolve("anon.mmdb"));
        Path type = connectionType().add("203.0.113.0/24", connection("Cellular")).writeTo(dir.resolve("type.mmdb"));
        Path city = city()
                .add("198.51.100.0/24", city("US", "Ashburn", 39.04, -77.49, 1000))
                .add("203.0.113.0/24", city("JP", "Tokyo", 35.68, 139.69, 20))
                .writeTo(dir.resolve("city.mmdb"));
        try (GeoIpIntelligence geo = open(log,
                "geoip.city-database", city.toString(),
                "geoip.asn-database", asnFile().toString(),
                "geoip.anonymous-ip-database", anon.toString(),
                "geoip.connection-type-database", type.toString())) {
            IpInfo hosting = lookup(geo, "198.51.100.10");
            assertThat(hosting.country()).isEqualTo("US");
            assertThat(hosting.asn()).isEqualTo(64501);
            assertThat(hosting.types()).containsExactly(NetworkType.HOSTING);
            assertThat(hosting.source()).isEqualTo("GeoLite2-City, GeoLite2-ASN, GeoIP2-Anonymous-IP");

            IpInfo mobile = lookup(geo, "203.0.113.10");
            assertThat(mobile.types()).containsExactly(NetworkType.MOBILE);
            assertThat(mobile.source()).isEqualTo("GeoLite2-City, GeoLite2-ASN, GeoIP2-Connection-Type");
        }
        assertThat(log.startup()).contains("GeoLite2-City (city.mmdb)", "GeoLite2-ASN (GeoLite2-ASN.mmdb)",
                "GeoIP2-Anonymous-IP (anon.mmdb)", "GeoIP2-Connection-Type (type.mmdb)", "curated list (")
                .contains("disabled features: Tor exit list (logintelemetry.geoip.tor-exit-list)");
    }

    @Test
    void anIpv4OnlyDatabaseAnswersNothingForIpv6WithoutErrors() {
        Path file = asn().ipVersion(4).add("198.51.100.0/24", asn(64501, "Example Hosting")).writeTo(dir.resolve("v4.mmdb"));
        try (GeoIpIntelligence geo = open(log, "geoip.asn-database", file.toString())) {
            assertThat(lookup(geo, "198.51.100.3").asn()).isEqualTo(64501);
            assertThat(lookup(geo, "2001:db8::1")).isSameAs(IpInfo.UNKNOWN);
        }
        assertThat(log.errors).isEmpty();
    }

    @Test
    void aCityFileConfiguredAsAsnIsRefusedNamingTheKeyAndItsActualType() {
        Path city = cityFile();
        try (GeoIpIntelligence geo = open(log, "geoip.asn-database", city.toString())) {
            assertThat(lookup(geo, "203.0.113.7")).isSameAs(IpInfo.UNKNOWN);
        }
        assertThat(log.warnings).singleElement().asString()
                .contains("logintelemetry.geoip.asn-database", city.toString(), "it is a GeoLite2-City database (City)",
                        "takes an ASN or ISP database", "disabled: ASN and organisation");
        assertThat(log.startup()).contains("ASN and organisation (");
    }

    @Test
    void anAsnFileConfiguredAsCityIsRefusedToo() {
        Path asn = asnFile();
        try (GeoIpIntelligence geo = open(log, "geoip.city-database", asn.toString())) {
            assertThat(lookup(geo, "198.51.100.1")).isSameAs(IpInfo.UNKNOWN);
        }
        assertThat(log.warnings).singleElement().asString()
                .contains("logintelemetry.geoip.city-database", "GeoLite2-ASN", "country, city and location");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"missing", "empty", "corrupt", "truncated", "truncatedInMetadata"})
    void aBrokenFileAtStartUpWarnsOnceAndTheOtherSourcesRunOn(String damage) {
        byte[] valid = city().add("203.0.113.0/24", city("JP", "Tokyo", 35.68, 139.69, 20)).toBytes();
        Path target = dir.resolve("broken-city.mmdb");
        Function<Path, Path> make = switch (damage) {
            case "missing" -> p -> p;
            case "empty" -> DamagedDatabases::empty;
            case "corrupt" -> p -> DamagedDatabases.corrupt(p, 4096, 7);
            case "truncated" -> p -> DamagedDatabases.truncated(p, valid, 0.5);
            default -> p -> DamagedDatabases.truncatedInMetadata(p, valid);
        };
        make.apply(target);
        try (GeoIpIntelligence geo = open(log, "geoip.city-database", target.toString(),
                "geoip.asn-database", asnFile().toString())) {
            IpInfo info = lookup(geo, "203.0.113.7");
            assertThat(info.country()).isNull();
            assertThat(info.asn()).isEqualTo(64500);
            assertThat(info.source()).isEqualTo("GeoLite2-ASN");
        }
        assertThat(log.warnings).singleElement().asString()
                .startsWith("Login Telemetry geoip: cannot load logintelemetry.geoip.city-database " + target)
                .contains("running on without it (disabled: country, city and location)");
        assertThat(log.startup()).contains("disabled features: country, city and location");
        assertThat(log.errors).isEmpty();
        if (damage.equals("missing")) {
            assertThat(log.warnings.get(0)).contains("no such file");
        } else if (damage.equals("empty")) {
            assertThat(log.warnings.get(0)).contains("the file is empty");
        }
    }
}
