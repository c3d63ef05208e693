package io.logintelemetry.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.engine.Engine;
import io.logintelemetry.event.Event;
import io.logintelemetry.event.EventReader;
import io.logintelemetry.event.ParsedLine;
import io.logintelemetry.flag.Flag;
import io.logintelemetry.flag.RiskLevel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bundled sample data (sample-data/events.jsonl, made by sample-data/GenerateSampleData.java)
 * through one engine with the defaults: each signal fires for exactly the accounts cast for it, and
 * the ordinary users get nothing. If the generator or a detector changes, this says exactly how.
 */
class SampleDataTest {

    private static final Path SAMPLE = Path.of("..", "sample-data", "events.jsonl");

    /** The ordinary users of the cast: an office behind one NAT, a commuter, CGNAT mobile users, a night owl, a traveller. */
    private static final List<String> ORDINARY = List.of(
            "office-ana", "office-ben", "office-chie", "office-dan", "commuter-eri", "night-owl", "traveller",
            "mobile-1", "mobile-2", "mobile-3", "mobile-4", "mobile-5", "mobile-6", "mobile-7", "mobile-8");

    private static Engine engine;
    private static Map<String, Set<String>> signalsByAccount;
    private static int events;
    private static final List<Flag> flags = new ArrayList<>();
    /** The same replay with marketplace events on. */
    private static Engine market;
    private static Map<String, Set<String>> marketSignals;
    private static final List<Flag> marketFlags = new ArrayList<>();
    private static final List<String> TEAM = List.of("team-1", "team-2", "team-3", "team-4", "team-5");

    record Parsed(long ts, String account, String type, int line, Event event) {
    }

    @BeforeAll
    static void replay() throws IOException {
        List<Parsed> parsed = new ArrayList<>();
        try (EventReader reader = EventReader.open(SAMPLE)) {
            while (reader.hasNext()) {
                ParsedLine line = reader.next();
                assertThat(line.isMalformed()).as("line %d: %s", line.lineNumber(), line.problem()).isFalse();
                Event e = line.event();
                parsed.add(new Parsed(e.timestamp(), e.account(), e.type().wireName(), (int) line.lineNumber(), e));
            }
        }
        // EVENTS.md: time order, ties by account, then type, then original line.
        parsed.sort(Comparator.comparingLong(Parsed::ts).thenComparing(Parsed::account).thenComparing(Parsed::type)
                .thenComparingInt(Parsed::line));
        engine = Engine.builder(LoginTelemetryConfig.defaults()).build();
        signalsByAccount = new TreeMap<>();
        for (Parsed p : parsed) {
            for (Flag f : engine.accept(p.event)) {
                flags.add(f);
                signalsByAccount.computeIfAbsent(f.account(), k -> new TreeSet<>()).add(f.signal().id());
            }
        }
        events = parsed.size();
        market = Engine.builder(LoginTelemetryConfig.from(Map.of("logintelemetry.marketplace.enabled", "true",
                "logintelemetry.hash.secret", "sample-test-secret-42",
                "logintelemetry.detector.message.off_platform.allow", "example-platform.jp"))).build();
        marketSignals = new TreeMap<>();
        for (Parsed p : parsed) {
            for (Flag f : market.accept(p.event)) {
                marketFlags.add(f);
                marketSignals.computeIfAbsent(f.account(), k -> new TreeSet<>()).add(f.signal().id());
            }
        }
    }

    @Test
    void theSampleIsSmallAndSpansTwoWeeks() throws IOException {
        assertThat(Files.size(SAMPLE)).isLessThan(1_000_000);
        assertThat(events).isGreaterThan(1000);
    }

    @Test
    void eachSignalFiresForExactlyTheAccountsCastForIt() {
        Map<String, Set<String>> expected = new TreeMap<>();
        expected.put("long-sam", Set.of("session.long"));
        expected.put("grind-kim", Set.of("activity.cumulative"));
        expected.put("allhours-lee", Set.of("activity.round_the_clock"));
        expected.put("shift-team", Set.of("activity.round_the_clock"));
        expected.put("hopper-max", Set.of("ip.churn"));
        for (int i = 1; i <= 6; i++) {
            expected.put("farm-" + i, Set.of("ip.fanout"));
        }
        expected.put("broker-a", Set.of("device.fanout"));
        expected.put("broker-b", Set.of("device.fanout"));
        expected.put("broker-c", Set.of("device.fanout"));
        expected.put("handover-ivy", Set.of("session.context_change"));
        // The marketplace team's logins (its marketplace events need logintelemetry.marketplace.enabled):
        // night work for a Japanese account, and three of them on one laptop.
        for (int i = 1; i <= 5; i++) {
            expected.put("team-" + i, i <= 2 ? Set.of("activity.off_hours") : Set.of("activity.off_hours", "device.fanout"));
        }
        assertThat(signalsByAccount).isEqualTo(expected);
    }

    @Test
    void roundTheClockFiresByBothRules() {
        Map<String, Set<Object>> rules = new TreeMap<>();
        for (Flag f : flags) {
            if (f.signal().id().equals("activity.round_the_clock")) {
                rules.computeIfAbsent(f.account(), k -> new TreeSet<>()).add(f.evidence().get("rule"));
            }
        }
        assertThat(rules).isEqualTo(Map.of("allhours-lee", Set.of("hours"), "shift-team", Set.of("shifts")));
    }

    @Test
    void multiAccountSignalsNameTheOthers() {
        Flag farm1 = flags.stream().filter(f -> f.account().equals("farm-1") && f.signal().id().equals("ip.fanout"))
                .reduce((a, b) -> b).orElseThrow();
        assertThat(farm1.evidence().get("other_accounts"))
                .isEqualTo(List.of("farm-2", "farm-3", "farm-4", "farm-5", "farm-6"));
        Flag brokerA = flags.stream().filter(f -> f.account().equals("broker-a")).findFirst().orElseThrow();
        assertThat(brokerA.evidence().get("other_accounts")).isEqualTo(List.of("broker-b", "broker-c"));
    }

    @Test
    void ordinaryUsersStayUnflaggedAndLow() {
        for (String account : ORDINARY) {
            assertThat(engine.lastActivity(account)).as(account + " is in the sample").isNotEqualTo(Long.MIN_VALUE);
            assertThat(signalsByAccount).as(account).doesNotContainKey(account);
            assertThat(engine.levelOf(account)).as(account).isEqualTo(RiskLevel.LOW);
        }
    }

    @Test
    void noSingleSignalMakesAnAccountHigh() {
        for (String account : signalsByAccount.keySet()) {
            assertThat(engine.levelOf(account)).as(account).isNotEqualTo(RiskLevel.HIGH);
        }
    }

    @Test
    void withMarketplaceEventsTheTeamIsHighAndLinkedAsOneGroup() {
        for (String t : TEAM) {
            assertThat(market.levelOf(t)).as(t + " " + marketSignals.get(t)).isEqualTo(RiskLevel.HIGH);
            assertThat(market.linkedAccounts(t)).as(t).containsExactlyInAnyOrderElementsOf(
                    TEAM.stream().filter(o -> !o.equals(t)).toList());
            assertThat(marketSignals.get(t)).as(t).contains("identity.shared_document", "identifier.shared_payout",
                    "cluster.linked_accounts", "review.collusion", "activity.off_hours", "offer.below_market");
        }
        assertThat(marketSignals.get("team-2")).contains("profile.churn");
        assertThat(marketSignals.get("team-1")).contains("message.off_platform", "message.template_reuse");
        assertThat(marketSignals.get("team-4")).contains("message.crypto_payment");
        for (String t : List.of("team-1", "team-2", "team-3", "team-5")) {
            assertThat(marketSignals.get(t)).as(t).contains("message.template_reuse", "payout.name_mismatch");
        }
        assertThat(market.summarize("team-1").linkedAccounts()).hasSize(4);
    }

    @Test
    void withMarketplaceEventsTheOthersAreWhatTheyWere() {
        // The client boosting the team: one weak signal, low.
        assertThat(marketSignals.get("client-zed")).containsExactly("review.burst");
        assertThat(market.levelOf("client-zed")).isEqualTo(RiskLevel.LOW);
        // The agency paid into its company account: linked, the holder is not the worker, and no higher than medium.
        for (int i = 1; i <= 4; i++) {
            String a = "agency-" + i;
            assertThat(marketSignals.get(a)).as(a).containsExactlyInAnyOrder("identifier.shared_payout", "cluster.linked_accounts",
                    "payout.name_mismatch");
            assertThat(market.levelOf(a)).as(a).isEqualTo(RiskLevel.MEDIUM);
            assertThat(market.linkedAccounts(a)).as(a).hasSize(3);
        }
        // The brokers' shared device also makes a (low) linked group.
        assertThat(marketSignals.get("broker-a")).containsExactlyInAnyOrder("device.fanout", "cluster.linked_accounts");
        for (String account : ORDINARY) {
            assertThat(marketSignals).as(account).doesNotContainKey(account);
            assertThat(market.linkedAccounts(account)).as(account).isEmpty();
        }
        for (int i = 1; i <= 24; i++) {
            assertThat(marketSignals).doesNotContainKey("freelancer-" + i);
        }
        for (Map.Entry<String, Set<String>> e : marketSignals.entrySet()) {
            if (!e.getKey().startsWith("team-")) {
                assertThat(market.levelOf(e.getKey())).as(e.getKey() + " " + e.getValue()).isNotEqualTo(RiskLevel.HIGH);
            }
        }
    }
}
