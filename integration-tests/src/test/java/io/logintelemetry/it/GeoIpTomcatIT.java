package io.logintelemetry.it;

import static io.logintelemetry.geoip.testing.TestDatabases.asn;
import static io.logintelemetry.geoip.testing.TestDatabases.city;
import static io.logintelemetry.geoip.testing.TestDatabases.connection;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.logintelemetry.geoip.testing.TestDatabases;
import io.logintelemetry.it.harness.Container;
import io.logintelemetry.it.harness.FormLoginClient;
import io.logintelemetry.it.harness.TomcatContainer;
import io.logintelemetry.it.harness.WebappBuilder;
import io.logintelemetry.it.harness.WhoAmI;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * IP intelligence end to end: the drop-in jar (filter and geoip) in a FORM-login app on embedded
 * Tomcat 11, configured with generated MaxMind databases, the shipped curated ASN list and a Tor exit
 * list, driven through a trusted proxy. Logins from a hosting ASN, a Tor exit and a watched country
 * raise the right flags with the right evidence; an allow-listed office and a mobile carrier with
 * many users do not raise ip.fanout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeoIpTomcatIT {

    private static final String APP = "/geo";
    private static final String PASSWORD = "correct horse";
    private static final String HOSTING_IP = "198.18.210.20";
    private static final String TOR_IP = "198.18.230.7";
    private static final String CHINA_IP = "198.18.200.33";
    private static final String OFFICE_IP = "198.51.100.10";
    private static final String CARRIER_IP = "100.64.5.5";

    private Path workDir;
    private Container container;

    @BeforeAll
    void start() throws IOException {
        workDir = Files.createTempDirectory("logintelemetry-geoip-it-");
        Path data = Files.createDirectories(workDir.resolve("geoip"));
        city()
                .add("198.18.0.0/15", city("JP", "Tokyo", 35.6895, 139.6917, 50))
                .add("198.51.100.0/24", city("JP", "Tokyo", 35.6895, 139.6917, 20))
                .add("100.64.0.0/10", city("JP", "Tokyo", 35.6895, 139.6917, 200))
                .add("198.18.200.0/24", city("CN", "Shanghai", 31.2304, 121.4737, 50))
                .add("198.18.210.0/24", city("US", "Ashburn", 39.0438, -77.4874, 1000))
                .writeTo(data.resolve("GeoLite2-City.mmdb"));
        // AS16509 is in the shipped curated list as a hosting provider.
        asn()
                .add("198.18.0.0/15", asn(64498, "Example Fibre JP"))
                .add("198.51.100.0/24", asn(64496, "Example Broadband JP"))
                .add("100.64.0.0/10", asn(64499, "Example Mobile JP"))
                .add("198.18.210.0/24", asn(16509, "Amazon.com, Inc."))
                .writeTo(data.resolve("GeoLite2-ASN.mmdb"));
        TestDatabases.connectionType()
                .add("100.64.0.0/10", connection("Cellular"))
                .writeTo(data.resolve("GeoIP2-Connection-Type.mmdb"));
        Files.writeString(data.resolve("tor-exits.txt"), "# bulk exit list\n" + TOR_IP + "\n");

        container = new TomcatContainer(workDir.resolve("container"));
        for (String user : users()) {
            container.addUser(user, PASSWORD);
        }
        container.deploy(APP, WebappBuilder.testApp()
                .config("logintelemetry.proxy.trusted", "127.0.0.1/32,::1/128")
                .config("logintelemetry.geoip.city-database", data.resolve("GeoLite2-City.mmdb").toString())
                .config("logintelemetry.geoip.asn-database", data.resolve("GeoLite2-ASN.mmdb").toString())
                .config("logintelemetry.geoip.connection-type-database", data.resolve("GeoIP2-Connection-Type.mmdb").toString())
                .config("logintelemetry.geoip.tor-exit-list", data.resolve("tor-exits.txt").toString())
                .config("logintelemetry.network.allow-ranges", "198.51.100.0/24")
                .buildIn(workDir.resolve("webapps/geo")));
        try {
            container.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> users() {
        List<String> users = new java.util.ArrayList<>(List.of("geo-hosted", "geo-tor", "geo-watched"));
        for (int i = 1; i <= 8; i++) {
            users.add("geo-office-" + i);
            users.add("geo-phone-" + i);
        }
        return users;
    }

    @AfterAll
    void stop() throws Exception {
        if (container != null) {
            container.close();
        }
        try (Stream<Path> walk = Files.walk(workDir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private WhoAmI login(String user, String ip) {
        return WhoAmI.of(new FormLoginClient(container.uri(APP)).forwardedFor(ip).login(user, PASSWORD));
    }

    @Test
    void aLoginFromAHostingAsnRaisesNetAnonymizerNamingTheAsnAndTheCuratedList() {
        WhoAmI me = login("geo-hosted", HOSTING_IP);
        assertThat(me.flagsOf("net.anonymizer")).as(String.valueOf(me.flags())).singleElement().satisfies(f -> {
            JsonNode evidence = f.path("evidence");
            assertThat(f.path("ip").asText()).isEqualTo(HOSTING_IP);
            assertThat(evidence.path("asn").asText()).isEqualTo("AS16509 Amazon.com, Inc.");
            assertThat(evidence.path("network_types").asText()).isEqualTo("hosting");
            assertThat(evidence.path("source").asText()).contains("GeoLite2-ASN").contains("curated list");
            assertThat(f.path("summary").asText()).isEqualTo("login through a hosting address (AS16509 Amazon.com, Inc., US)");
        });
    }

    @Test
    void aLoginFromATorExitRaisesNetAnonymizer() {
        WhoAmI me = login("geo-tor", TOR_IP);
        assertThat(me.flagsOf("net.anonymizer")).as(String.valueOf(me.flags())).singleElement().satisfies(f -> {
            assertThat(f.path("evidence").path("network_types").asText()).isEqualTo("Tor exit");
            assertThat(f.path("evidence").path("source").asText()).contains("Tor exit list");
        });
    }

    @Test
    void aLoginFromAWatchedCountryRaisesGeoCountry() {
        WhoAmI me = login("geo-watched", CHINA_IP);
        assertThat(me.flagsOf("geo.country")).as(String.valueOf(me.flags())).singleElement().satisfies(f -> {
            assertThat(f.path("summary").asText()).isEqualTo("login from CN, a watched country");
            assertThat(f.path("evidence").path("source").asText()).contains("GeoLite2-City");
            assertThat(f.path("severity").asText()).isEqualTo("medium");
        });
    }

    @Test
    void anAllowListedOfficeAndAMobileCarrierWithManyUsersRaiseNoFanout() {
        for (int i = 1; i <= 8; i++) {
            WhoAmI office = login("geo-office-" + i, OFFICE_IP);
            WhoAmI phone = login("geo-phone-" + i, CARRIER_IP);
            assertThat(office.flagsOf("ip.fanout")).as("office login " + i).isEmpty();
            assertThat(phone.flagsOf("ip.fanout")).as("carrier login " + i).isEmpty();
            assertThat(office.level()).isEqualTo("low");
            assertThat(phone.level()).isEqualTo("low");
        }
    }
}
