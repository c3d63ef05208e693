package io.logintelemetry.detect;

import static io.logintelemetry.detect.Sim.CHROME_WIN;
import static io.logintelemetry.detect.Sim.FIREFOX_LINUX;
import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.engine.AccountSummary;
import io.logintelemetry.flag.Flag;
import io.logintelemetry.flag.RiskLevel;
import io.logintelemetry.flag.Severity;
import io.logintelemetry.flag.Signal;
import java.time.Duration;
import io.logintelemetry.state.LinkGraph;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** cluster.linked_accounts, the link graph behind it, and the linked group in the account summary. */
class LinkedAccountsTest {

    private static final List<String> TEAM = List.of("t1", "t2", "t3", "t4", "t5");

    private static long day(double d) {
        return Sim.at(Duration.ofMinutes(Math.round(d * 1440)));
    }

    /**
     * The planted team: five accounts sharing two identity documents (t1-t3, t4-t5), one
     * payout account, two devices (t1-t2, t3-t5), each on its own address, reviewing each other.
     */
    static void plantTeam(Sim sim, double startDay) {
        String[] devices = {"dev-a", "dev-a", "dev-b", "dev-b", "dev-b"};
        for (int i = 0; i < 5; i++) {
            String t = TEAM.get(i);
            sim.send(Sim.login(t, day(startDay + i * 0.1)).ip("198.18.9" + i + ".10").device(devices[i]).ua(CHROME_WIN));
            sim.send(Market.document(t, day(startDay + 0.6 + i * 0.01), i < 3 ? "TEAM-DOC-1" : "TEAM-DOC-2"));
            sim.send(Market.payout(t, day(startDay + 0.7 + i * 0.01), "0005-777-0000001", "Team Holder"));
        }
        for (int i = 0; i < 5; i++) {
            sim.send(Market.review(TEAM.get(i), day(startDay + 1 + i * 0.1), TEAM.get((i + 1) % 5), 5));
            sim.send(Market.review(TEAM.get((i + 1) % 5), day(startDay + 1.05 + i * 0.1), TEAM.get(i), 5));
        }
    }

    /** {@code n} accounts, each with its own document, payout account, device and address, two logins and a review. */
    static void unrelated(Sim sim, int n) {
        for (int i = 0; i < n; i++) {
            String u = "user-" + i;
            String ip = "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
            sim.send(Sim.login(u, day(i * 0.0001)).ip(ip).device("device-" + i).ua(FIREFOX_LINUX));
            sim.send(Market.document(u, day(i * 0.0001 + 0.001), "DOC-" + i, "Person " + i));
            sim.send(Market.payout(u, day(i * 0.0001 + 0.002), "IBAN-" + i, "Person " + i));
            sim.send(Sim.login(u, day(1 + i * 0.0001)).ip(ip).device("device-" + i).ua(FIREFOX_LINUX));
            sim.send(Market.review(u, day(1.5 + i * 0.0001), "user-" + ((i * 7919 + 1) % n), 4));
        }
    }

    @Test
    void thePlantedTeamIsFoundAsOneGroupAndEveryMemberIsHigh() {
        Sim sim = Market.sim();
        plantTeam(sim, 0);
        for (String t : TEAM) {
            AccountSummary s = sim.engine.summarize(t);
            assertThat(s.linkedAccounts()).as(t).containsExactlyInAnyOrderElementsOf(
                    TEAM.stream().filter(o -> !o.equals(t)).toList());
            assertThat(s.level()).as(t + " " + s.signals()).isEqualTo(RiskLevel.HIGH);
            assertThat(s.signals()).as(t).contains(Signal.CLUSTER_LINKED_ACCOUNTS, Signal.IDENTITY_SHARED_DOCUMENT,
                    Signal.IDENTIFIER_SHARED_PAYOUT, Signal.REVIEW_COLLUSION);
        }
        LinkGraph.Group group = sim.engine.state().marketplace().links().group("t1");
        assertThat(group.members()).containsExactlyInAnyOrderElementsOf(TEAM);
        assertThat(group.identifiers()).isEqualTo(Map.of(LinkGraph.Kind.DOCUMENT, 2, LinkGraph.Kind.PAYOUT, 1,
                LinkGraph.Kind.DEVICE, 2));
        Flag last = sim.flagsOf(Signal.CLUSTER_LINKED_ACCOUNTS, "t5").get(sim.flagsOf(Signal.CLUSTER_LINKED_ACCOUNTS, "t5").size() - 1);
        assertThat(last.summary()).isEqualTo("5 accounts linked by 1 document, 1 payout account and 2 devices (limit 3)");
        assertThat(last.severity()).isEqualTo(Severity.HIGH);
        assertThat(last.evidence().get("other_accounts")).isEqualTo(List.of("t1", "t2", "t3", "t4"));
        assertThat((List<?>) last.evidence().get("links")).isNotEmpty()
                .allSatisfy(l -> assertThat(l.toString()).matches("t\\d ~ t\\d \\((device dev-.|document k:.{8}|payout account k:.{8})\\)"));
    }

    @Test
    void tenThousandUnrelatedAccountsStayUnlinkedAndTheTeamAmongThemIsExactlyItself() {
        Sim sim = Market.sim();
        unrelated(sim, 10_000);
        plantTeam(sim, 3);
        assertThat(sim.engine.state().marketplace().links().size()).isEqualTo(5);
        for (int i = 0; i < 10_000; i++) {
            assertThat(sim.engine.linkedAccounts("user-" + i)).isEmpty();
        }
        assertThat(sim.flags).filteredOn(f -> f.account().startsWith("user-")).isEmpty();
        assertThat(sim.engine.linkedAccounts("t3")).hasSize(4);
    }

    /**
     * Each worker is linked and flagged for the shared payout account (low) and the company holder
     * name (medium): worth a look, but the account stays below high.
     */
    @Test
    void anAgencyPaidIntoItsCompanyAccountIsNotHigh() {
        Sim sim = Market.sim();
        for (int i = 0; i < 8; i++) {
            String w = "agency-worker-" + i;
            sim.send(Sim.login(w, day(i * 0.1)).ip("203.0.113." + (10 + i)).device("laptop-" + i).ua(CHROME_WIN));
            sim.send(Market.document(w, day(0.9 + i * 0.01), "OWN-DOC-" + i));
            sim.send(Market.payout(w, day(1 + i * 0.01), "0009-111-2223334", "株式会社サンプルエージェンシー"));
        }
        for (int i = 0; i < 8; i++) {
            AccountSummary s = sim.engine.summarize("agency-worker-" + i);
            assertThat(s.level()).as(s.toString()).isEqualTo(RiskLevel.MEDIUM);
            assertThat(s.signals()).containsExactlyInAnyOrder(Signal.IDENTIFIER_SHARED_PAYOUT, Signal.CLUSTER_LINKED_ACCOUNTS,
                    Signal.PAYOUT_NAME_MISMATCH);
            assertThat(s.linkedAccounts()).hasSize(7);
        }
        assertThat(sim.flagsOf(Signal.CLUSTER_LINKED_ACCOUNTS)).extracting(Flag::severity).containsOnly(Severity.LOW);
        assertThat(sim.flagsOf(Signal.IDENTIFIER_SHARED_PAYOUT)).extracting(Flag::severity).containsOnly(Severity.LOW);
    }

    @ParameterizedTest(name = "{0} accounts on one home address, {1} days each: linked {2}")
    @CsvSource({"2, 1, false", "2, 2, true", "3, 3, true", "4, 3, false"})
    void repeatedSharedAddressesFewAccountsUse(int accounts, int days, boolean linked) {
        Sim sim = Market.sim();
        for (int d = 0; d < days; d++) {
            for (int a = 0; a < accounts; a++) {
                sim.send(Sim.login("home-" + a, day(d + a * 0.01)).ip("192.0.2.44").ua(CHROME_WIN));
            }
        }
        assertThat(sim.engine.linkedAccounts("home-0").isEmpty()).isEqualTo(!linked);
    }

    @Test
    void sharedCarrierAddressesNeverLink() {
        Sim sim = Market.sim();
        for (int d = 0; d < 3; d++) {
            for (int a = 0; a < 2; a++) {
                sim.send(Sim.login("phone-" + a, day(d + a * 0.01)).ip("100.64.7.1").ua(CHROME_WIN));
            }
        }
        assertThat(sim.engine.linkedAccounts("phone-0")).isEmpty();
    }

    @ParameterizedTest(name = "kinds {0}: {1}")
    @CsvSource({"device, low", "device+document, medium", "device+document+payout, high"})
    void severityFollowsTheKindsOfIdentifierHoldingTheGroup(String kinds, String severity) {
        Sim sim = Market.sim();
        for (int i = 0; i < 3; i++) {
            sim.send(Sim.login("m" + i, day(i * 0.1)).ip("198.18.4" + i + ".1").device("shared-dev").ua(CHROME_WIN));
            if (kinds.contains("document")) {
                sim.send(Market.document("m" + i, day(1 + i * 0.1), "DOC-X"));
            }
            if (kinds.contains("payout")) {
                sim.send(Market.payout("m" + i, day(2 + i * 0.1), "PAY-X", "h"));
            }
        }
        List<Flag> flags = sim.flagsOf(Signal.CLUSTER_LINKED_ACCOUNTS, "m0");
        assertThat(flags.get(flags.size() - 1).severity().wireName()).isEqualTo(severity);
    }

    @Test
    void twoAccountsAreNoGroupAndTheLimitIsConfigurable() {
        Sim sim = Market.sim();
        sim.send(Market.document("p", day(0), "D"));
        sim.send(Market.document("q", day(0.1), "D"));
        assertThat(sim.flagsOf(Signal.CLUSTER_LINKED_ACCOUNTS)).isEmpty();
        assertThat(sim.engine.linkedAccounts("p")).containsExactly("q");
        Sim two = Market.sim("detector.cluster.linked_accounts.min-accounts", "2");
        two.send(Market.document("p", day(0), "D"));
        two.send(Market.document("q", day(0.1), "D"));
        assertThat(two.accountsFlagged(Signal.CLUSTER_LINKED_ACCOUNTS)).containsExactly("p", "q");
    }

    @Test
    void groupsAreBounded() {
        Sim sim = Market.sim("detector.cluster.linked_accounts.max-group", "4", "state.max-linked-accounts", "6");
        for (int i = 0; i < 6; i++) {
            sim.send(Market.document("g" + i, day(i * 0.1), "BIG-DOC"));
        }
        assertThat(sim.engine.linkedAccounts("g0")).hasSize(3);
        assertThat(sim.engine.state().marketplace().links().dropped()).isPositive();
        for (int i = 0; i < 6; i++) {
            sim.send(Market.document("h" + i, day(1 + i * 0.1), "OTHER-DOC"));
        }
        assertThat(sim.engine.state().marketplace().links().size()).isLessThanOrEqualTo(6);
    }

    /**
     * A team of 25 on one document is past the direct links an account keeps (16); its members logging
     * in again and again from the addresses they share in threes must not count as new links each time.
     */
    @Test
    void aLargeTeamLoggingInRepeatedlyKeepsAStableGroup() {
        Sim sim = Market.sim();
        int n = 25;
        for (int i = 0; i < n; i++) {
            sim.send(Market.document("big-" + i, day(i * 0.001), "TEAM-25-DOC"));
        }
        int flagsAfterDays = 0;
        int linksAfterDays = 0;
        for (int d = 0; d < 8; d++) {
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < n; i++) {
                    sim.send(Sim.login("big-" + i, day(d + round * 0.1 + i * 0.001))
                            .ip("198.18.77." + (i / 3 + 1)).ua(CHROME_WIN));
                }
            }
            if (d == 2) { // every address has been used on two days by now: its links are made
                linksAfterDays = sim.engine.state().marketplace().links().group("big-0").linkCount();
                flagsAfterDays = sim.flagsOf(Signal.CLUSTER_LINKED_ACCOUNTS).size();
            }
        }
        LinkGraph.Group group = sim.engine.state().marketplace().links().group("big-0");
        assertThat(group.size()).isEqualTo(n);
        // 300 document pairs plus, per address shared by three, three pairs (the last by one: none).
        int expected = n * (n - 1) / 2 + 8 * 3;
        assertThat(linksAfterDays).isEqualTo(expected);
        assertThat(group.linkCount()).isEqualTo(expected);
        assertThat(group.links()).doesNotHaveDuplicates();
        assertThat(group.identifiers()).isEqualTo(Map.of(LinkGraph.Kind.DOCUMENT, 1, LinkGraph.Kind.IP, 8));
        assertThat(sim.flagsOf(Signal.CLUSTER_LINKED_ACCOUNTS)).hasSize(flagsAfterDays);
        Flag last = sim.flagsOf(Signal.CLUSTER_LINKED_ACCOUNTS).get(flagsAfterDays - 1);
        assertThat((List<?>) last.evidence().get("links")).doesNotHaveDuplicates();
    }
}
