package io.logintelemetry.detect;

import static io.logintelemetry.detect.Sim.CHROME_WIN;
import static io.logintelemetry.detect.Sim.login;
import static io.logintelemetry.detect.Sim.min;
import static io.logintelemetry.detect.Sim.request;
import static io.logintelemetry.detect.Sim.sec;
import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.flag.Flag;
import io.logintelemetry.flag.Severity;
import io.logintelemetry.flag.Signal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ip.fanout: at least 5 distinct accounts from one IP within 24 h; 50 on shared (CGNAT, office) ranges. */
class IpFanoutTest {

    private static final String IP = "198.18.20.5";

    /** Accounts a1..aN each log in from {@code ip}, {@code everyMinutes} apart. */
    private static void accountsOn(Sim sim, String ip, int accounts, long everyMinutes) {
        for (int i = 1; i <= accounts; i++) {
            sim.send(login("a" + i, min((i - 1) * everyMinutes)).ip(ip).session("s" + i).ua(CHROME_WIN));
        }
    }

    @Test
    void anAddressLongUsedByOneAccountCountsItsLastSightingNotItsFirst() {
        // The address is a0's alone for a day (kept without a set then): when others arrive, a0 counts
        // from its latest request, 20 h after its first, so five accounts fall within 24 h.
        Sim sim = Sim.defaults();
        sim.send(login("a0", min(0)).ip(IP).session("s0").ua(CHROME_WIN));
        for (int m = 60; m <= 20 * 60; m += 60) {
            sim.send(request("a0", min(m)).ip(IP).session("s0").ua(CHROME_WIN));
        }
        for (int i = 1; i <= 4; i++) {
            sim.send(login("a" + i, min(30 * 60 + i)).ip(IP).session("s" + i).ua(CHROME_WIN));
        }
        assertThat(sim.accountsFlagged(Signal.IP_FANOUT)).containsExactlyInAnyOrder("a0", "a1", "a2", "a3", "a4");
    }

    @Test
    void aLateEventOfALoneAccountDoesNotDateItsSightingToTheNewestEvent() {
        // a0's late event is stamped 1 min while the newest event seen is 10 h old: a0 was last on
        // the address at 1 min, so at 25 h it is outside the 24 h window and four accounts are not five.
        Sim sim = Sim.defaults();
        sim.send(login("a0", min(0)).ip(IP).session("s0").ua(CHROME_WIN));
        sim.send(login("other", min(600)).ip("203.0.113.50").session("sx").ua(CHROME_WIN));
        sim.send(request("a0", min(1)).ip(IP).session("s0").ua(CHROME_WIN));
        for (int i = 1; i <= 4; i++) {
            sim.send(login("a" + i, min(25 * 60 + i)).ip(IP).session("s" + i).ua(CHROME_WIN));
        }
        assertThat(sim.accountsFlagged(Signal.IP_FANOUT)).isEmpty();
    }

    @ParameterizedTest(name = "{0} accounts, limit {1}: flags for {2} accounts")
    @CsvSource({
            "4, 5, 0",   // below
            "5, 5, 5",   // at: every account is flagged
            "6, 5, 6",   // above
            "2, 3, 0",   // configured: below
            "3, 3, 3",   // configured: at
    })
    void flagsEveryAccountFromTheLimitOn(int accounts, int limit, int flaggedAccounts) {
        Sim sim = Sim.with("detector.ip.fanout.min-accounts", String.valueOf(limit));
        accountsOn(sim, IP, accounts, 30);
        assertThat(sim.accountsFlagged(Signal.IP_FANOUT)).hasSize(flaggedAccounts);
    }

    @Test
    void eachFlagNamesTheOtherAccounts() {
        Sim sim = Sim.defaults();
        accountsOn(sim, IP, 5, 30);
        List<Flag> flags = sim.flagsOf(Signal.IP_FANOUT);
        assertThat(flags).extracting(Flag::account).containsExactlyInAnyOrder("a1", "a2", "a3", "a4", "a5");
        for (Flag f : flags) {
            List<String> expectedOthers = new ArrayList<>(List.of("a1", "a2", "a3", "a4", "a5"));
            expectedOthers.remove(f.account());
            assertThat(f.summary()).isEqualTo("5 accounts on one IP address within 24 h (limit 5)");
            assertThat(f.ip()).isEqualTo(IP);
            assertThat(f.severity()).isEqualTo(Severity.LOW);
            assertThat(f.evidence().values())
                    .containsEntry("ip", IP)
                    .containsEntry("shared_network", false)
                    .containsEntry("accounts_count", 5L)
                    .containsEntry("limit", 5L)
                    .containsEntry("window_minutes", 1440L)
                    .containsEntry("other_accounts", expectedOthers)
                    .containsEntry("other_accounts_total", 4L);
        }
    }

    @Test
    void windowEdges() {
        // a1 at 0 and a5 just under 24 h later: five in the window.
        Sim inside = Sim.defaults();
        inside.send(login("a1", sec(0)).ip(IP).ua(CHROME_WIN));
        for (int i = 2; i <= 4; i++) {
            inside.send(login("a" + i, min(600 + i)).ip(IP).ua(CHROME_WIN));
        }
        inside.send(login("a5", sec(86_399)).ip(IP).ua(CHROME_WIN));
        assertThat(inside.accountsFlagged(Signal.IP_FANOUT)).hasSize(5);

        // a5 just over 24 h after a1: a1 has left the window.
        Sim outside = Sim.defaults();
        outside.send(login("a1", sec(0)).ip(IP).ua(CHROME_WIN));
        for (int i = 2; i <= 4; i++) {
            outside.send(login("a" + i, min(600 + i)).ip(IP).ua(CHROME_WIN));
        }
        outside.send(login("a5", sec(86_401)).ip(IP).ua(CHROME_WIN));
        assertThat(outside.flagsOf(Signal.IP_FANOUT)).isEmpty();
    }

    @Test
    void requestsCountAsUseOfTheAddressToo() {
        // The live filter may see the login on one node and requests elsewhere; a request is a sighting.
        Sim sim = Sim.defaults();
        for (int i = 1; i <= 5; i++) {
            sim.send(request("a" + i, min(i)).ip(IP).session("s" + i).ua(CHROME_WIN));
        }
        assertThat(sim.accountsFlagged(Signal.IP_FANOUT)).hasSize(5);
    }

    @Test
    void oneAccountOnManyRequestsIsNoFanout() {
        Sim sim = Sim.defaults();
        for (int i = 0; i < 50; i++) {
            sim.send(request("a1", min(i)).ip(IP).session("s1").ua(CHROME_WIN));
        }
        assertThat(sim.flags).isEmpty();
    }

    @Test
    void raisedOncePerWindowAgainWhenTheGroupGrowsByAQuarterOrTheWindowMovesOn() {
        Sim sim = Sim.defaults();
        accountsOn(sim, IP, 5, 1);
        // The same five keep working from the address: no news.
        for (int round = 0; round < 3; round++) {
            for (int i = 1; i <= 5; i++) {
                sim.send(request("a" + i, min(60 + round * 60 + i)).ip(IP).ua(CHROME_WIN));
            }
        }
        assertThat(sim.flagsOf(Signal.IP_FANOUT, "a1")).hasSize(1);
        // A sixth account is at least a quarter more (at least one): everyone is told again.
        sim.send(login("a6", min(300)).ip(IP).ua(CHROME_WIN));
        assertThat(sim.flagsOf(Signal.IP_FANOUT, "a1")).hasSize(2);
        assertThat(sim.flagsOf(Signal.IP_FANOUT, "a6")).hasSize(1);
        // The next day the same six come back: once five are in the new window it is raised again
        // (the window moved on), and the sixth is again growth over those five.
        for (int i = 1; i <= 5; i++) {
            sim.send(request("a" + i, min(24 * 60 + 310 + i)).ip(IP).ua(CHROME_WIN));
        }
        assertThat(sim.flagsOf(Signal.IP_FANOUT, "a1")).hasSize(3);
        sim.send(request("a6", min(24 * 60 + 320)).ip(IP).ua(CHROME_WIN));
        assertThat(sim.flagsOf(Signal.IP_FANOUT, "a1")).hasSize(4);
        assertThat(sim.flagsOf(Signal.IP_FANOUT, "a6")).hasSize(2);
    }

    @Test
    void growthBelowAQuarterIsNoNews() {
        // 12 accounts flagged; a 13th and 14th are less than a quarter more (12 / 4 = 3).
        Sim sim = Sim.with("detector.ip.fanout.min-accounts", "12");
        accountsOn(sim, IP, 12, 1);
        assertThat(sim.flagsOf(Signal.IP_FANOUT, "a1")).hasSize(1);
        accountsOn(sim, IP, 14, 1);
        assertThat(sim.flagsOf(Signal.IP_FANOUT, "a1")).hasSize(1);
        accountsOn(sim, IP, 15, 1);
        assertThat(sim.flagsOf(Signal.IP_FANOUT, "a1")).hasSize(2);
    }

    @Test
    void severityRisesOneStepAtTwiceTheLimit() {
        Sim sim = Sim.defaults();
        accountsOn(sim, IP, 10, 1);
        List<Flag> a1 = sim.flagsOf(Signal.IP_FANOUT, "a1");
        assertThat(a1.get(0).severity()).isEqualTo(Severity.LOW);
        assertThat(a1.get(a1.size() - 1).severity()).isEqualTo(Severity.MEDIUM);
        assertThat(a1.get(a1.size() - 1).summary()).startsWith("10 accounts");
    }

    @Test
    void carrierGradeNatAddressesGetTheSharedLimit() {
        // 100.64.0.0/10 is shared by default: 20 mobile users on one address is ordinary.
        Sim sim = Sim.defaults();
        accountsOn(sim, "100.64.7.1", 20, 20);
        assertThat(sim.flags).isEmpty();
        Sim lowered = Sim.with("detector.ip.fanout.shared-min-accounts", "20");
        accountsOn(lowered, "100.64.7.1", 20, 20);
        assertThat(lowered.accountsFlagged(Signal.IP_FANOUT)).hasSize(20);
        assertThat(lowered.flagsOf(Signal.IP_FANOUT).get(0).summary())
                .isEqualTo("20 accounts on one shared IP address within 24 h (limit 20)");
        assertThat(lowered.flagsOf(Signal.IP_FANOUT).get(0).evidence().get("shared_network")).isEqualTo(true);
    }

    @Test
    void anAllowListedOfficeRangeGetsTheSharedLimit() {
        Sim sim = Sim.with("network.shared-ranges", "100.64.0.0/10, 198.51.100.0/28");
        accountsOn(sim, "198.51.100.10", 8, 15);
        assertThat(sim.flags).isEmpty();
        // An address just outside the configured range keeps the ordinary limit.
        accountsOn(sim, "198.51.100.16", 8, 15);
        assertThat(sim.accountsFlagged(Signal.IP_FANOUT)).hasSize(8);
    }

    @Test
    void anOfficeOfFourBehindOneNatOverADayStaysUnflagged() {
        Sim sim = Sim.defaults();
        String[] staff = {"ana", "ben", "chie", "dan"};
        for (long m = 9 * 60; m <= 17 * 60; m += 10) {
            for (int i = 0; i < staff.length; i++) {
                Sim.Ev e = m == 9 * 60 ? login(staff[i], min(m + i)) : request(staff[i], min(m + i));
                sim.send(e.ip("198.51.100.10").session("s-" + staff[i]).device("d-" + staff[i]).ua(CHROME_WIN));
            }
        }
        assertThat(sim.flags).isEmpty();
    }

    @Test
    void clockSkewOfAFewSecondsNeitherCreatesNorLosesTheFlag() {
        // The fifth account's login arrives before the fourth's, which is 2 s older.
        Sim swapped = Sim.defaults();
        swapped.send(login("a1", sec(0)).ip(IP).ua(CHROME_WIN));
        swapped.send(login("a2", sec(60)).ip(IP).ua(CHROME_WIN));
        swapped.send(login("a3", sec(120)).ip(IP).ua(CHROME_WIN));
        swapped.send(login("a5", sec(182)).ip(IP).ua(CHROME_WIN));
        swapped.send(login("a4", sec(180)).ip(IP).ua(CHROME_WIN));
        assertThat(swapped.accountsFlagged(Signal.IP_FANOUT)).hasSize(5);
        assertThat(swapped.flagsOf(Signal.IP_FANOUT)).hasSize(5);

        // At the window's edge: in time order, a1 (at 0) has left the window when a5 comes in, just
        // over 24 h later, so there are never five. If a request of a2 from 5 s before a5 arrives
        // after a5's login, the window must still end at the latest time, not reach back to a1.
        Sim edge = Sim.defaults();
        edge.send(login("a1", sec(0)).ip(IP).ua(CHROME_WIN));
        edge.send(login("a2", sec(36_000)).ip(IP).ua(CHROME_WIN));
        edge.send(login("a3", sec(36_060)).ip(IP).ua(CHROME_WIN));
        edge.send(login("a4", sec(36_120)).ip(IP).ua(CHROME_WIN));
        edge.send(login("a5", sec(86_403)).ip(IP).ua(CHROME_WIN));
        edge.send(request("a2", sec(86_398)).ip(IP).ua(CHROME_WIN));
        assertThat(edge.flagsOf(Signal.IP_FANOUT)).isEmpty();

        // The same events in time order, for comparison.
        Sim ordered = Sim.defaults();
        ordered.send(login("a1", sec(0)).ip(IP).ua(CHROME_WIN));
        ordered.send(login("a2", sec(36_000)).ip(IP).ua(CHROME_WIN));
        ordered.send(login("a3", sec(36_060)).ip(IP).ua(CHROME_WIN));
        ordered.send(login("a4", sec(36_120)).ip(IP).ua(CHROME_WIN));
        ordered.send(request("a2", sec(86_398)).ip(IP).ua(CHROME_WIN));
        ordered.send(login("a5", sec(86_403)).ip(IP).ua(CHROME_WIN));
        assertThat(ordered.flagsOf(Signal.IP_FANOUT)).isEmpty();
    }

    @Test
    void offSwitch() {
        Sim sim = Sim.with("detector.ip.fanout.enabled", "false");
        accountsOn(sim, IP, 10, 1);
        assertThat(sim.flags).isEmpty();
    }
}
