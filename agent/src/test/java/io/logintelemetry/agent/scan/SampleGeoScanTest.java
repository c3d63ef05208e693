package io.logintelemetry.agent.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.logintelemetry.geoip.testing.SampleDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled sample scanned as the README shows it, with the sample GeoIP databases: the cast for
 * the IP-intelligence signals is flagged with evidence naming networks and sources, and the
 * ordinary users stay low.
 */
class SampleGeoScanTest {

    private static final List<String> ORDINARY = List.of("office-ana", "office-ben", "office-chie", "office-dan",
            "commuter-eri", "night-owl", "traveller", "mobile-1", "mobile-2", "mobile-3", "mobile-4", "mobile-5",
            "mobile-6", "mobile-7", "mobile-8");

    @TempDir
    static Path dir;

    private static ScanHarness.Result result;
    private static final Map<String, Set<String>> signals = new HashMap<>();
    private static final Map<String, JsonNode> accounts = new HashMap<>();

    @BeforeAll
    static void scan() throws IOException {
        SampleDatabases.write(dir);
        Path config = dir.resolve("scan.properties");
        Files.writeString(config, String.join("\n",
                "logintelemetry.geoip.city-database=" + dir.resolve("GeoLite2-City.mmdb"),
                "logintelemetry.geoip.asn-database=" + dir.resolve("GeoLite2-ASN.mmdb"),
                "logintelemetry.geoip.anonymous-ip-database=" + dir.resolve("GeoIP2-Anonymous-IP.mmdb"),
                "logintelemetry.geoip.connection-type-database=" + dir.resolve("GeoIP2-Connection-Type.mmdb"),
                "logintelemetry.marketplace.enabled=true",
                "logintelemetry.hash.secret=sample-data-secret-not-for-production",
                "logintelemetry.detector.message.off_platform.allow=example-platform.jp"));
        Path sample = Path.of(System.getProperty("sample.dir", "../sample-data")).resolve("events.jsonl");
        result = ScanHarness.run("scan", "--config", config.toString(), sample.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        for (JsonNode flag : result.ofKind("flag")) {
            signals.computeIfAbsent(flag.path("account").asText(), k -> new TreeSet<>()).add(flag.path("signal").asText());
        }
        for (JsonNode account : result.ofKind("account")) {
            accounts.put(account.path("account").asText(), account);
        }
    }

    @Test
    void theGeoCastIsFlaggedForItsSignals() {
        assertThat(signals.get("vpn-val")).contains("net.anonymizer", "geo.country");
        assertThat(signals.get("watch-wu")).containsExactly("geo.country");
        assertThat(signals.get("jet-jo")).containsExactlyInAnyOrder("geo.impossible_travel", "ip.churn", "geo.country");
        assertThat(signals.get("asn-hopper")).containsExactly("ip.churn");
        assertThat(accounts.get("jet-jo").path("level").asText()).isEqualTo("high");
    }

    @Test
    void evidenceNamesNetworksAsnsAndTheSource() {
        JsonNode travel = result.ofKind("flag").stream()
                .filter(f -> f.path("signal").asText().equals("geo.impossible_travel")).findFirst().orElseThrow();
        assertThat(travel.path("summary").asText()).contains("Tokyo, JP to New York, US");
        assertThat(travel.path("evidence").path("source").asText()).contains("GeoLite2-City");
        JsonNode anonymizer = result.ofKind("flag").stream()
                .filter(f -> f.path("signal").asText().equals("net.anonymizer")).findFirst().orElseThrow();
        assertThat(anonymizer.path("evidence").path("asn").asText()).isEqualTo("AS64501 Example Cloud Hosting");
        assertThat(anonymizer.path("evidence").path("source").asText()).contains("GeoIP2-Anonymous-IP");
    }

    @Test
    void theMarketplaceTeamIsHighWithItsLinkedGroup() {
        List<String> team = List.of("team-1", "team-2", "team-3", "team-4", "team-5");
        for (String member : team) {
            JsonNode account = accounts.get(member);
            assertThat(account).as(member).isNotNull();
            assertThat(account.path("level").asText()).as(member + " " + signals.get(member)).isEqualTo("high");
            List<String> linked = new java.util.ArrayList<>();
            account.path("linked_accounts").forEach(n -> linked.add(n.asText()));
            assertThat(linked).as(member).containsExactlyInAnyOrderElementsOf(team.stream().filter(t -> !t.equals(member)).toList());
        }
        JsonNode cluster = result.ofKind("flag").stream()
                .filter(f -> f.path("signal").asText().equals("cluster.linked_accounts")
                        && f.path("account").asText().equals("team-1"))
                .reduce((a, b) -> b).orElseThrow();
        assertThat(cluster.path("summary").asText()).startsWith("5 accounts linked by");
        assertThat(cluster.path("evidence").path("links").size()).isPositive();
        // Clear document numbers and payout references never reach the output.
        // (Flag ids are random UUIDs and left out: one could contain any short run of digits.)
        assertThat(result.flagsWithoutIds().toString()).doesNotContain("4471-2209", "4471220918", "777-7777777",
                "0005123777777", "8830 1762", "883017625549");
        assertThat(accounts.get("agency-1").path("level").asText()).isEqualTo("medium");
        // The client's note quoting the platform's allow-listed support address raises nothing.
        assertThat(signals.get("client-zed")).contains("review.burst").doesNotContain("message.off_platform");
        assertThat(accounts.get("agency-1").path("linked_accounts").size()).isEqualTo(3);
    }

    @Test
    void ordinaryUsersStayLow() {
        for (String user : ORDINARY) {
            JsonNode account = accounts.get(user);
            if (account != null) {
                assertThat(account.path("level").asText()).as(user + " " + signals.get(user)).isEqualTo("low");
            }
        }
        assertThat(signals.getOrDefault("traveller", Set.of())).isSubsetOf("geo.country");
        assertThat(signals.keySet()).doesNotContain("commuter-eri", "office-ana", "night-owl", "mobile-1");
    }
}
