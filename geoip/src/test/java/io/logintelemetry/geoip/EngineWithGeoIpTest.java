package io.logintelemetry.geoip;

import static io.logintelemetry.geoip.GeoTesting.config;
import static io.logintelemetry.geoip.GeoTesting.ip;
import static io.logintelemetry.geoip.testing.TestDatabases.asn;
import static io.logintelemetry.geoip.testing.TestDatabases.city;
import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.engine.Engine;
import io.logintelemetry.event.Event;
import io.logintelemetry.event.EventType;
import io.logintelemetry.flag.Flag;
import io.logintelemetry.flag.Signal;
import io.logintelemetry.intel.IpIntelligenceProvider;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The geoip module plugged into the engine the way the filter does it. */
class EngineWithGeoIpTest {

    @TempDir
    Path dir;

    @Test
    void aLoginFromAHostingAsnRaisesNetAnonymizerWithTheOrganisationAndSource() {
        Path asnFile = asn().add("3.0.0.0/15", asn(16509, "Amazon.com, Inc."))
                .add("203.0.113.0/24", asn(64500, "Example Broadband JP"))
                .writeTo(dir.resolve("GeoLite2-ASN.mmdb"));
        Path cityFile = city().add("3.0.0.0/15", city("US", "Ashburn", 39.04, -77.49, 1000))
                .add("203.0.113.0/24", city("JP", "Tokyo", 35.68, 139.69, 20))
                .writeTo(dir.resolve("GeoLite2-City.mmdb"));
        LoginTelemetryConfig config = config("geoip.asn-database", asnFile.toString(),
                "geoip.city-database", cityFile.toString());
        try (Engine engine = Engine.builder(config)
                .ipIntelligence(IpIntelligenceProvider.discover(getClass().getClassLoader(), config))
                .build()) {
            List<Flag> home = engine.accept(login("u1", 1_000, "203.0.113.5"));
            assertThat(home).noneMatch(f -> f.signal() == Signal.NET_ANONYMIZER);

            List<Flag> flags = engine.accept(login("u2", 2_000, "3.0.1.2"));
            assertThat(flags).filteredOn(f -> f.signal() == Signal.NET_ANONYMIZER).singleElement().satisfies(f -> {
                assertThat(f.account()).isEqualTo("u2");
                assertThat(f.summary()).contains("hosting", "AS16509 Amazon.com, Inc.");
                assertThat(f.evidence().get("asn")).isEqualTo("AS16509 Amazon.com, Inc.");
                assertThat(f.evidence().get("network_types")).isEqualTo("hosting");
                assertThat(f.evidence().get("country")).isEqualTo("US");
                assertThat(f.evidence().get("source")).isEqualTo("GeoLite2-City, GeoLite2-ASN, curated list");
            });
        }
    }

    private static Event login(String account, long time, String address) {
        return Event.builder(EventType.LOGIN, time).account(account).ip(ip(address)).session(account + "-s")
                .userAgent("Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/130.0").build();
    }
}
