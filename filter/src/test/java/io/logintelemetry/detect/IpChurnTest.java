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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ip.churn, networks rule: at least 4 distinct networks (IPv4 /24, IPv6 /64) log into one account within 1 h. */
class IpChurnTest {

    /** Eight distinct /24 networks of the 198.18.0.0/15 benchmark range. */
    private static final String[] NETS = {
            "198.18.1.10", "198.18.2.10", "198.18.3.10", "198.18.4.10",
            "198.18.5.10", "198.18.6.10", "198.18.7.10", "198.18.8.10"};

    private static void loginsFrom(Sim sim, String account, int networks, long everyMinutes) {
        for (int i = 0; i < networks; i++) {
            sim.send(login(account, min(i * everyMinutes)).ip(NETS[i]).session("s" + i).ua(CHROME_WIN));
        }
    }

    @ParameterizedTest(name = "{0} networks, limit {1}: {2} flag(s)")
    @CsvSource({
            "3, 4, 0",   // below
            "4, 4, 1",   // at ("at least")
            "2, 3, 0",   // configured limit: below
            "3, 3, 1",   // configured limit: at
    })
    void flagsAtLeastTheLimitOfNetworks(int networks, int limit, int expected) {
        Sim sim = Sim.with("detector.ip.churn.min-networks", String.valueOf(limit));
        loginsFrom(sim, "u1", networks, 10);
        assertThat(sim.flagsOf(Signal.IP_CHURN)).hasSize(expected);
    }

    @Test
    void addressesInsideOneNetworkCountOnce() {
        // A home line or office NAT pool that changes host address inside its /24 (or /64) is one network.
        Sim sim = Sim.defaults();
        String[] sameNets = {"203.0.113.7", "203.0.113.8", "203.0.113.200", "2001:db8:1:1::1", "2001:db8:1:1::ff",
                "2001:db8:1:1:abcd::5"};
        for (int i = 0; i < sameNets.length; i++) {
            sim.send(login("u1", min(i * 5)).ip(sameNets[i]).session("s" + i).ua(CHROME_WIN));
        }
        assertThat(sim.flagsOf(Signal.IP_CHURN)).isEmpty();
        // ...while a fourth /24 and a second /64 make four networks.
        sim.send(login("u1", min(40)).ip("198.51.100.1").session("s9").ua(CHROME_WIN));
        sim.send(login("u1", min(45)).ip("2001:db8:1:2::1").session("s10").ua(CHROME_WIN));
        assertThat(sim.flagsOf(Signal.IP_CHURN)).hasSize(1);
    }

    @Test
    void summaryAndEvidenceNameTheNetworks() {
        Sim sim = Sim.defaults();
        long[] at = {0, 9, 21, 30, 38};
        for (int i = 0; i < at.length; i++) {
            sim.send(login("u1", min(at[i])).ip(NETS[i]).session("s" + i).ua(CHROME_WIN));
        }
        List<Flag> flags = sim.flagsOf(Signal.IP_CHURN);
        Flag last = flags.get(flags.size() - 1);
        assertThat(last.summary()).isEqualTo("5 networks in 38 min (limit 4 in 1 h)");
        assertThat(last.ip()).isEqualTo("198.18.5.10");
        assertThat(last.session()).isEqualTo("s4");
        assertThat(last.evidence().values())
                .containsEntry("rule", "networks")
                .containsEntry("networks_count", 5L)
                .containsEntry("limit", 4L)
                .containsEntry("window_minutes", 60L)
                .containsEntry("span_minutes", 38L)
                .containsEntry("networks", List.of("198.18.1.0/24", "198.18.2.0/24", "198.18.3.0/24",
                        "198.18.4.0/24", "198.18.5.0/24"))
                .containsEntry("networks_total", 5L);
    }

    @Test
    void windowEdges() {
        // The first network 59 min 59 s before the fourth is inside the hour...
        Sim inside = Sim.defaults();
        inside.send(login("u1", sec(0)).ip(NETS[0]).ua(CHROME_WIN));
        inside.send(login("u1", sec(600)).ip(NETS[1]).ua(CHROME_WIN));
        inside.send(login("u1", sec(1200)).ip(NETS[2]).ua(CHROME_WIN));
        inside.send(login("u1", sec(3599)).ip(NETS[3]).ua(CHROME_WIN));
        assertThat(inside.flagsOf(Signal.IP_CHURN)).hasSize(1);

        // ...and 60 min 1 s before it, outside.
        Sim outside = Sim.defaults();
        outside.send(login("u1", sec(0)).ip(NETS[0]).ua(CHROME_WIN));
        outside.send(login("u1", sec(600)).ip(NETS[1]).ua(CHROME_WIN));
        outside.send(login("u1", sec(1200)).ip(NETS[2]).ua(CHROME_WIN));
        outside.send(login("u1", sec(3601)).ip(NETS[3]).ua(CHROME_WIN));
        assertThat(outside.flagsOf(Signal.IP_CHURN)).isEmpty();
    }

    @Test
    void configuredWindow() {
        // Four networks over 90 min: nothing in 1 h, a flag in a 2 h window.
        Sim oneHour = Sim.defaults();
        loginsFrom(oneHour, "u1", 4, 30);
        assertThat(oneHour.flagsOf(Signal.IP_CHURN)).isEmpty();
        Sim twoHours = Sim.with("detector.ip.churn.window", "2h");
        loginsFrom(twoHours, "u1", 4, 30);
        assertThat(twoHours.flagsOf(Signal.IP_CHURN)).singleElement()
                .extracting(Flag::summary).isEqualTo("4 networks in 1 h 30 min (limit 4 in 2 h)");
    }

    @Test
    void onlySuccessfulLoginsCount() {
        // Requests from other networks mid-session, and failed logins, are not logins into the account.
        Sim sim = Sim.defaults();
        sim.send(login("u1", min(0)).ip(NETS[0]).session("s1").ua(CHROME_WIN));
        sim.send(request("u1", min(5)).ip(NETS[1]).session("s1").ua(CHROME_WIN));
        sim.send(request("u1", min(6)).ip(NETS[2]).session("s1").ua(CHROME_WIN));
        sim.send(login("u1", min(7)).ip(NETS[3]).ua(CHROME_WIN).detail("outcome", "failure"));
        sim.send(login("u1", min(8)).ip(NETS[4]).ua(CHROME_WIN).detail("outcome", "failure"));
        sim.send(login("u1", min(9)).ip(NETS[5]).session("s2").ua(CHROME_WIN));
        assertThat(sim.flagsOf(Signal.IP_CHURN)).isEmpty();
    }

    @Test
    void raisedOncePerWindowAgainOnANewNetworkAndInTheNextWindow() {
        Sim sim = Sim.defaults();
        loginsFrom(sim, "u1", 4, 5);
        // Logging in again from the same four networks is no news.
        for (int i = 0; i < 4; i++) {
            sim.send(login("u1", min(20 + i)).ip(NETS[i]).ua(CHROME_WIN));
        }
        assertThat(sim.flagsOf(Signal.IP_CHURN)).hasSize(1);
        // A fifth network is.
        sim.send(login("u1", min(30)).ip(NETS[4]).ua(CHROME_WIN));
        assertThat(sim.flagsOf(Signal.IP_CHURN)).hasSize(2);
        // Four networks again within an hour, more than an hour after the last flag: the window
        // moved on, so the same evidence is news again (but not before).
        for (int i = 0; i < 4; i++) {
            sim.send(login("u1", min(80 + i)).ip(NETS[i]).ua(CHROME_WIN));
        }
        assertThat(sim.flagsOf(Signal.IP_CHURN)).hasSize(2);
        for (int i = 0; i < 4; i++) {
            sim.send(login("u1", min(95 + i)).ip(NETS[i]).ua(CHROME_WIN));
        }
        assertThat(sim.flagsOf(Signal.IP_CHURN)).hasSize(3);
    }

    @Test
    void severityRisesOneStepAtTwiceTheLimit() {
        Sim sim = Sim.defaults();
        loginsFrom(sim, "u1", 8, 5);
        List<Flag> flags = sim.flagsOf(Signal.IP_CHURN);
        assertThat(flags.get(0).severity()).isEqualTo(Severity.MEDIUM);
        assertThat(flags.get(flags.size() - 1).severity()).isEqualTo(Severity.HIGH);
        assertThat(flags.get(flags.size() - 1).evidence().get("networks_count")).isEqualTo(8L);
    }

    @Test
    void clockSkewOfAFewSecondsNeitherCreatesNorLosesTheFlag() {
        // The 4th login arrives before the 3rd, which is 3 s older: still one flag.
        Sim swapped = Sim.defaults();
        swapped.send(login("u1", sec(0)).ip(NETS[0]).ua(CHROME_WIN));
        swapped.send(login("u1", sec(600)).ip(NETS[1]).ua(CHROME_WIN));
        swapped.send(login("u1", sec(1203)).ip(NETS[3]).ua(CHROME_WIN));
        swapped.send(login("u1", sec(1200)).ip(NETS[2]).ua(CHROME_WIN));
        assertThat(swapped.flagsOf(Signal.IP_CHURN)).hasSize(1);

        // In time order the first network has left the hour before the fourth logs in. A login 12 s
        // older than the latest, arriving last, must not reach back and count the first network again.
        Sim edge = Sim.defaults();
        edge.send(login("u1", sec(0)).ip(NETS[0]).ua(CHROME_WIN));
        edge.send(login("u1", sec(1800)).ip(NETS[1]).ua(CHROME_WIN));
        edge.send(login("u1", sec(3605)).ip(NETS[2]).ua(CHROME_WIN));
        edge.send(login("u1", sec(3610)).ip(NETS[3]).ua(CHROME_WIN));
        edge.send(login("u1", sec(3598)).ip(NETS[1]).ua(CHROME_WIN));
        assertThat(edge.flagsOf(Signal.IP_CHURN)).isEmpty();
    }

    @Test
    void accountsAreCountedSeparately() {
        Sim sim = Sim.defaults();
        for (int i = 0; i < 4; i++) {
            sim.send(login("u" + i, min(i)).ip(NETS[i]).ua(CHROME_WIN));
            sim.send(login("u" + i, min(i + 10)).ip(NETS[(i + 1) % 4]).ua(CHROME_WIN));
        }
        assertThat(sim.flagsOf(Signal.IP_CHURN)).isEmpty();
    }

    @Test
    void offSwitch() {
        Sim sim = Sim.with("detector.ip.churn.enabled", "false");
        loginsFrom(sim, "u1", 8, 1);
        assertThat(sim.flags).isEmpty();
    }
}
