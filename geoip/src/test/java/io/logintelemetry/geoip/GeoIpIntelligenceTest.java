package io.logintelemetry.geoip;

import static io.logintelemetry.geoip.GeoTesting.config;
import static io.logintelemetry.geoip.GeoTesting.ip;
import static io.logintelemetry.geoip.GeoTesting.lookup;
import static io.logintelemetry.geoip.GeoTesting.open;
import static io.logintelemetry.geoip.testing.TestDatabases.asn;
import static io.logintelemetry.geoip.testing.TestDatabases.city;
import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.geoip.GeoTesting.RecordingLog;
import io.logintelemetry.intel.IpInfo;
import io.logintelemetry.intel.IpIntelligence;
import io.logintelemetry.intel.IpIntelligenceProvider;
import io.logintelemetry.intel.NetworkType;
import io.logintelemetry.net.IpAddress;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The composite: cache, second opinion, provider, start-up line. */
class GeoIpIntelligenceTest {

    @TempDir
    Path dir;

    final RecordingLog log = new RecordingLog();

    Path cityFile() {
        return city().add("203.0.113.0/24", city("JP", "Tokyo", 35.68, 139.69, 20)).writeTo(dir.resolve("city.mmdb"));
    }

    Path asnFile() {
        return asn().add("203.0.113.0/24", asn(64500, "Example Broadband JP")).writeTo(dir.resolve("asn.mmdb"));
    }

    /** A second opinion answering from a table, recording what it was asked. */
    static final class FakeSecondOpinion implements SecondOpinion {
        final Map<IpAddress, IpInfo> answers = new ConcurrentHashMap<>();
        final List<IpAddress> requested = new CopyOnWriteArrayList<>();
        final AtomicBoolean closed = new AtomicBoolean();

        @Override
        public IpInfo cached(IpAddress ip) {
            return answers.get(ip);
        }

        @Override
        public void request(IpAddress ip) {
            requested.add(ip);
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    @Test
    void theCachedPathReturnsTheCachedInstance() {
        try (GeoIpIntelligence geo = open(log, "geoip.city-database", cityFile().toString())) {
            IpInfo first = lookup(geo, "203.0.113.1");
            assertThat(geo.lookup(ip("203.0.113.1"))).isSameAs(first);
            assertThat(geo.cachedEntries()).isEqualTo(1);
        }
        assertThat(log.startup()).contains("cache on");
    }

    @Test
    void aCacheSizeOfZeroTurnsTheCacheOff() {
        try (GeoIpIntelligence geo = open(log, "geoip.city-database", cityFile().toString(), "geoip.cache-size", "0")) {
            IpInfo first = lookup(geo, "203.0.113.1");
            IpInfo second = lookup(geo, "203.0.113.1");
            assertThat(second).isEqualTo(first).isNotSameAs(first);
            assertThat(geo.cachedEntries()).isZero();
        }
        assertThat(log.startup()).contains("cache off");
    }

    @Test
    void theCachedPathAllocatesNothing() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (GeoIpIntelligence geo = open(log, "geoip.city-database", cityFile().toString(),
                "geoip.asn-database", asnFile().toString())) {
            IpAddress[] addresses = {ip("203.0.113.1"), ip("203.0.113.2"), ip("2001:db8::1"), ip("192.0.2.1")};
            long sink = 0;
            for (int i = 0; i < 200_000; i++) {
                sink += geo.lookup(addresses[i & 3]).asn();
            }
            long self = Thread.currentThread().getId();
            long before = threads.getThreadAllocatedBytes(self);
            for (int i = 0; i < 100_000; i++) {
                sink += geo.lookup(addresses[i & 3]).asn();
            }
            long allocated = threads.getThreadAllocatedBytes(self) - before;
            assertThat(sink).isPositive();
            // A few hundred bytes of slack for the measuring itself; one allocation per lookup would be megabytes.
            assertThat(allocated).as("bytes allocated by 100,000 cached lookups").isLessThan(4_096);
        }
    }

    @Test
    void aSecondOpinionAlreadyReceivedIsPreferredFieldByFieldAndItsTypesAdded() {
        FakeSecondOpinion insights = new FakeSecondOpinion();
        IpAddress address = ip("203.0.113.9");
        GeoIpIntelligence geo = GeoIpIntelligence.open(config(
                "geoip.city-database", cityFile().toString(), "geoip.asn-database", asnFile().toString()), insights, log);
        IpInfo local = geo.lookup(address);
        assertThat(local.source()).isEqualTo("GeoLite2-City, GeoLite2-ASN");

        insights.answers.put(address, new IpInfo("SG", "Singapore", 0, null, Set.of(NetworkType.VPN),
                Double.NaN, Double.NaN, -1, "GeoIP2-Insights"));
        IpInfo merged = geo.lookup(address);
        assertThat(merged.country()).isEqualTo("SG");
        assertThat(merged.city()).isEqualTo("Singapore");
        assertThat(merged.latitude()).as("Insights gave no position: the local one stays").isEqualTo(35.68);
        assertThat(merged.asnLabel()).isEqualTo("AS64500 Example Broadband JP");
        assertThat(merged.types()).containsExactly(NetworkType.VPN);
        assertThat(merged.source()).isEqualTo("GeoIP2-Insights, GeoLite2-City, GeoLite2-ASN");

        IpAddress unknown = ip("192.0.2.1");
        IpInfo onlyInsights = new IpInfo("US", null, 64999, "Elsewhere", Set.of(), 1, 2, 3, "GeoIP2-Insights");
        insights.answers.put(unknown, onlyInsights);
        assertThat(geo.lookup(unknown)).isSameAs(onlyInsights);

        geo.secondLook(address);
        assertThat(insights.requested).containsExactly(address);
        geo.close();
        assertThat(insights.closed).isTrue();
    }

    @Test
    void aFailingSecondOpinionDegradesToLocalData() {
        SecondOpinion broken = new SecondOpinion() {
            @Override
            public IpInfo cached(IpAddress ip) {
                throw new IllegalStateException("boom");
            }

            @Override
            public void request(IpAddress ip) {
            }
        };
        try (GeoIpIntelligence geo = GeoIpIntelligence.open(config("geoip.city-database", cityFile().toString()), broken, log)) {
            assertThat(lookup(geo, "203.0.113.1").country()).isEqualTo("JP");
        }
        assertThat(log.errors).singleElement().asString().contains("second opinion failed");
    }

    @Test
    void withNothingToAnswerFromALookUpKeepsNothing() {
        try (GeoIpIntelligence geo = open(log)) {
            for (int i = 1; i <= 100; i++) {
                assertThat(geo.lookup(ip("203.0.113." + i))).isSameAs(IpInfo.UNKNOWN);
            }
            assertThat(geo.cachedEntries()).as("one empty answer per address, cached for nothing").isZero();
        }
        try (GeoIpIntelligence geo = open(log, "geoip.asn-database", asnFile().toString())) {
            assertThat(lookup(geo, "203.0.113.1").asn()).isEqualTo(64500);
            assertThat(geo.cachedEntries()).as("with a source, answers are cached").isEqualTo(1);
        }
    }

    @Test
    void theProviderIsFoundThroughTheServiceLoaderAndStartsWithNothingConfigured() {
        IpIntelligence found = IpIntelligenceProvider.discover(getClass().getClassLoader(), config());
        try {
            assertThat(found).isInstanceOf(GeoIpIntelligence.class);
            assertThat(found.lookup(ip("203.0.113.1"))).isSameAs(IpInfo.UNKNOWN);
            assertThat(((GeoIpIntelligence) found).startupSummary())
                    .startsWith("Login Telemetry geoip sources: curated list (")
                    .contains("disabled features: country, city and location (logintelemetry.geoip.city-database), "
                            + "ASN and organisation (");
        } finally {
            found.close();
        }
        assertThat(GeoIpProvider.secondOpinion(config())).isSameAs(SecondOpinion.NONE);
        try (SecondOpinion insights = GeoIpProvider.secondOpinion(config("geoip.insights.enabled", "true",
                "geoip.insights.account-id", "42", "geoip.insights.license-key", "not-a-real-key"))) {
            assertThat(insights).isInstanceOf(io.logintelemetry.geoip.insights.InsightsSecondOpinion.class);
        }
    }
}
