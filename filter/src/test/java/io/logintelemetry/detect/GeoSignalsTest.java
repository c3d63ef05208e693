package io.logintelemetry.detect;

import static io.logintelemetry.detect.Sim.CHROME_WIN;
import static io.logintelemetry.detect.Sim.FIREFOX_LINUX;
import static io.logintelemetry.detect.Sim.login;
import static io.logintelemetry.detect.Sim.min;
import static io.logintelemetry.detect.Sim.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.event.EventType;
import io.logintelemetry.flag.Flag;
import io.logintelemetry.flag.Severity;
import io.logintelemetry.flag.Signal;
import io.logintelemetry.intel.IpInfo;
import io.logintelemetry.intel.IpIntelligence;
import io.logintelemetry.intel.NetworkType;
import io.logintelemetry.net.IpNetwork;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The signals that read IP intelligence, fed by a table of known networks. */
class GeoSignalsTest {

    private static final IpInfo TOKYO = info("JP", "Tokyo", 64500, "Example Broadband JP", Set.of(), 35.68, 139.69, 20);
    private static final IpInfo OSAKA = info("JP", "Osaka", 64500, "Example Broadband JP", Set.of(), 34.69, 135.50, 20);
    private static final IpInfo NEW_YORK = info("US", "New York", 64501, "Example Cable US", Set.of(), 40.71, -74.0, 10);
    private static final IpInfo VPN_FRANKFURT = info("DE", "Frankfurt", 64502, "Example VPN GmbH", Set.of(NetworkType.VPN), 50.11, 8.68, 50);
    private static final IpInfo HOSTING_SG = info("SG", "Singapore", 64503, "Example Cloud", Set.of(NetworkType.HOSTING), 1.35, 103.8, 100);
    private static final IpInfo SHANGHAI = info("CN", "Shanghai", 64504, "Example Telecom CN", Set.of(), 31.23, 121.47, 50);
    private static final IpInfo CARRIER = info("JP", "Tokyo", 64505, "Example Mobile", Set.of(NetworkType.MOBILE), 35.68, 139.69, 200);

    /** Networks this test's intelligence knows. */
    private static final Map<String, IpInfo> NETWORKS = new LinkedHashMap<>();

    static {
        NETWORKS.put("198.18.1.0/24", TOKYO);
        NETWORKS.put("198.18.2.0/24", OSAKA);
        NETWORKS.put("198.18.3.0/24", NEW_YORK);
        NETWORKS.put("198.18.4.0/24", VPN_FRANKFURT);
        NETWORKS.put("198.18.5.0/24", HOSTING_SG);
        NETWORKS.put("198.18.6.0/24", SHANGHAI);
        NETWORKS.put("198.19.0.0/16", CARRIER);
    }

    private static final IpIntelligence KNOWN = ip -> {
        for (Map.Entry<String, IpInfo> e : NETWORKS.entrySet()) {
            if (IpNetwork.parse(e.getKey()).orElseThrow().contains(ip)) {
                return e.getValue();
            }
        }
        return IpInfo.UNKNOWN;
    };

    private static IpInfo info(String country, String city, long asn, String org, Set<NetworkType> types, double lat,
                               double lon, int radius) {
        return new IpInfo(country, city, asn, org, types, lat, lon, radius, "test table");
    }

    private static Sim sim(String... keyValues) {
        return Sim.withIntelligence(KNOWN, keyValues);
    }

    @Test
    void aLoginThroughAVpnIsFlaggedLowWithItsNetworkAndSource() {
        Sim sim = sim();
        sim.send(login("u1", min(0)).ip("198.18.4.9").ua(CHROME_WIN));
        assertThat(sim.flagsOf(Signal.NET_ANONYMIZER)).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.LOW);
            assertThat(f.summary()).isEqualTo("login through a VPN address (AS64502 Example VPN GmbH, DE)");
            assertThat(f.evidence().get("source")).isEqualTo("test table");
            assertThat(f.evidence().get("rule")).isEqualTo("login");
        });
    }

    @Test
    void mostLoginsOfAWeekThroughAnonymizersRaiseTheShareRuleOneStepHigher() {
        Sim sim = sim();
        sim.send(login("u1", min(0)).ip("198.18.1.5"));
        sim.send(login("u1", min(60 * 24)).ip("198.18.5.5"));
        sim.send(login("u1", min(60 * 48)).ip("198.18.4.5"));
        assertThat(sim.flagsOf(Signal.NET_ANONYMIZER)).allMatch(f -> f.severity() == Severity.LOW);
        sim.send(login("u1", min(60 * 72)).ip("198.18.5.6"));
        Flag share = sim.flagsOf(Signal.NET_ANONYMIZER).get(sim.flagsOf(Signal.NET_ANONYMIZER).size() - 1);
        assertThat(share.evidence().get("rule")).isEqualTo("share");
        assertThat(share.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(share.summary()).startsWith("3 of 4 logins in 7 days through hosting addresses");
    }

    @Test
    void ordinaryHomeLoginsRaiseNothing() {
        Sim sim = sim();
        for (int day = 0; day < 5; day++) {
            sim.send(login("home", min(day * 1440L)).ip("198.18.1.7").ua(CHROME_WIN));
        }
        assertThat(sim.flags).isEmpty();
    }

    @Test
    void aWatchedCountryIsFlaggedAndADeclaredOtherCountryOneStepLower() {
        Sim sim = sim();
        sim.send(login("w", min(0)).ip("198.18.6.1"));
        assertThat(sim.flagsOf(Signal.GEO_COUNTRY)).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(f.summary()).isEqualTo("login from CN, a watched country");
        });

        sim.send(Sim.ev(EventType.PROFILE, "d", min(1)).detail("country", "jp"));
        sim.send(login("d", min(2)).ip("198.18.1.1"));
        assertThat(sim.flagsOf(Signal.GEO_COUNTRY, "d")).isEmpty();
        sim.send(login("d", min(3 * 60)).ip("198.18.3.1"));
        assertThat(sim.flagsOf(Signal.GEO_COUNTRY, "d")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.LOW);
            assertThat(f.summary()).isEqualTo("login from US while the account declares JP");
        });
    }

    @Test
    void tokyoToNewYorkInTwoHoursIsImpossibleTravel() {
        Sim sim = sim();
        sim.send(login("t", min(0)).ip("198.18.1.1"));
        sim.send(login("t", min(120)).ip("198.18.3.1"));
        assertThat(sim.flagsOf(Signal.GEO_IMPOSSIBLE_TRAVEL)).singleElement().satisfies(f -> {
            assertThat(f.summary()).matches("logins 10\\d{3} km apart in 2 h \\(Tokyo, JP to New York, US\\): \\d+ km/h \\(limit 900 km/h\\)");
            assertThat((Long) f.evidence().get("speed_kmh")).isGreaterThan(5000);
            assertThat(f.severity()).isEqualTo(Severity.HIGH);
        });
    }

    @Test
    void plausibleTripsVpnHopsAndShortHopsAreNoTravel() {
        Sim sim = sim();
        // Tokyo to Osaka (about 400 km) in 3 hours: a train ride.
        sim.send(login("a", min(0)).ip("198.18.1.1"));
        sim.send(login("a", min(180)).ip("198.18.2.1"));
        // Tokyo to a VPN in Frankfurt ten minutes later: the VPN's location says nothing.
        sim.send(login("b", min(0)).ip("198.18.1.1"));
        sim.send(login("b", min(10)).ip("198.18.4.1"));
        // Tokyo to Tokyo mobile: same place within the radii.
        sim.send(login("c", min(0)).ip("198.18.1.1"));
        sim.send(login("c", min(1)).ip("198.19.7.7"));
        assertThat(sim.flagsOf(Signal.GEO_IMPOSSIBLE_TRAVEL)).isEmpty();
    }

    @Test
    void threeAsnsInADayRaiseTheAsnRuleAndTwoCountriesTheCountryRule() {
        Sim asns = sim("detector.ip.churn.min-countries", "5", "detector.geo.impossible_travel.enabled", "false");
        asns.send(login("x", min(0)).ip("198.18.1.1"));
        asns.send(login("x", min(300)).ip("198.18.4.1"));
        asns.send(login("x", min(600)).ip("198.18.5.1"));
        assertThat(asns.flagsOf(Signal.IP_CHURN)).singleElement().satisfies(f -> {
            assertThat(f.evidence().get("rule")).isEqualTo("asns");
            assertThat(f.summary()).isEqualTo("3 ASNs within 24 h (limit 3): AS64500 Example Broadband JP, "
                    + "AS64502 Example VPN GmbH, AS64503 Example Cloud");
        });

        Sim countries = sim("detector.geo.impossible_travel.enabled", "false");
        countries.send(login("y", min(0)).ip("198.18.1.1"));
        countries.send(login("y", min(600)).ip("198.18.3.1"));
        assertThat(countries.flagsOf(Signal.IP_CHURN)).singleElement().satisfies(f -> {
            assertThat(f.evidence().get("rule")).isEqualTo("countries");
            assertThat(f.summary()).isEqualTo("2 countries within 24 h (limit 2): JP, US");
        });
    }

    @Test
    void manyAddressesOfOneMobileCarrierWithinAnHourAreOneNetwork() {
        Sim sim = sim();
        for (int i = 0; i < 6; i++) {
            sim.send(login("phone", min(i * 10L)).ip("198.19." + (10 + i * 20) + ".4").ua(CHROME_WIN));
        }
        assertThat(sim.flagsOf(Signal.IP_CHURN)).isEmpty();
    }

    @Test
    void aMobileCarrierAddressGetsTheSharedFanoutLimit() {
        Sim sim = sim();
        for (int i = 0; i < 20; i++) {
            sim.send(login("cgnat-" + i, min(i)).ip("198.19.0.1"));
        }
        assertThat(sim.flagsOf(Signal.IP_FANOUT)).isEmpty();
        for (int i = 0; i < 6; i++) {
            sim.send(login("farm-" + i, min(i)).ip("198.18.1.99"));
        }
        assertThat(sim.accountsFlagged(Signal.IP_FANOUT)).hasSize(6);
    }

    @Test
    void aSessionMovingToAnotherAsnIsAContextChangeWithTheNetworksNamed() {
        Sim sim = sim();
        sim.send(login("s", min(0)).ip("198.18.1.1").session("sess").ua(CHROME_WIN));
        sim.send(request("s", min(5)).ip("198.18.1.2").session("sess").ua(CHROME_WIN));
        assertThat(sim.flagsOf(Signal.SESSION_CONTEXT_CHANGE)).isEmpty();
        sim.send(request("s", min(10)).ip("198.18.5.1").session("sess").ua(CHROME_WIN));
        assertThat(sim.flagsOf(Signal.SESSION_CONTEXT_CHANGE)).singleElement().satisfies(f -> {
            assertThat(f.evidence().get("rule")).isEqualTo("network");
            assertThat(f.summary()).isEqualTo("session started on AS64500 Example Broadband JP, JP continued on "
                    + "AS64503 Example Cloud, SG after 10 min");
        });
        // Reported once per session, and the agent rule stays separate.
        sim.send(request("s", min(11)).ip("198.18.4.1").session("sess").ua(FIREFOX_LINUX));
        assertThat(sim.flagsOf(Signal.SESSION_CONTEXT_CHANGE)).extracting(f -> f.evidence().get("rule"))
                .containsExactly("network", "user_agent");
    }

    @Test
    void configuredRangesHaveTheLastWord() {
        Sim sim = sim("network.allow-ranges", "198.18.4.0/24", "network.bad-ranges", "192.0.2.0/24",
                "network.shared-ranges", "");
        // An allow-listed partner behind a VPN range: no anonymizer, and the shared fan-out limit.
        for (int i = 0; i < 8; i++) {
            sim.send(login("partner-" + i, min(i)).ip("198.18.4.10"));
        }
        assertThat(sim.flags).isEmpty();
        // A known-bad range with nothing else known about it.
        sim.send(login("bad", min(20)).ip("192.0.2.77"));
        assertThat(sim.flagsOf(Signal.NET_ANONYMIZER)).singleElement().satisfies(f -> {
            assertThat(f.summary()).isEqualTo("login through a listed bad address");
            assertThat(f.evidence().get("source")).isEqualTo("configured ranges");
        });
    }
}
