package io.logintelemetry.detect;

import static io.logintelemetry.detect.Sim.CHROME_WIN;
import static io.logintelemetry.detect.Sim.SAFARI_IPHONE;
import static io.logintelemetry.detect.Sim.at;
import static io.logintelemetry.detect.Sim.login;
import static io.logintelemetry.detect.Sim.min;
import static io.logintelemetry.detect.Sim.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.flag.Flag;
import io.logintelemetry.flag.Severity;
import io.logintelemetry.flag.Signal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** device.fanout: the same device id on at least 3 accounts within 30 days. */
class DeviceFanoutTest {

    private static final Duration DAY = Duration.ofDays(1);

    /** Accounts a1..aN log in on device {@code device}, {@code everyDays} apart, each from its own IP. */
    private static void accountsOnDevice(Sim sim, String device, int accounts, long everyDays) {
        for (int i = 1; i <= accounts; i++) {
            sim.send(login("a" + i, at(DAY.multipliedBy((i - 1) * everyDays))).ip("198.18.3" + i + ".9")
                    .device(device).ua(CHROME_WIN));
        }
    }

    @ParameterizedTest(name = "{0} accounts, limit {1}: {2} flagged")
    @CsvSource({"2, 3, 0", "3, 3, 3", "4, 3, 4", "3, 4, 0", "4, 4, 4"})
    void flagsEveryAccountFromTheLimitOn(int accounts, int limit, int flagged) {
        Sim sim = Sim.with("detector.device.fanout.min-accounts", String.valueOf(limit));
        accountsOnDevice(sim, "dev-1", accounts, 1);
        assertThat(sim.accountsFlagged(Signal.DEVICE_FANOUT)).hasSize(flagged);
    }

    @Test
    void eachFlagNamesTheDeviceAndTheOtherAccounts() {
        Sim sim = Sim.defaults();
        accountsOnDevice(sim, "dev-1", 3, 2);
        List<Flag> flags = sim.flagsOf(Signal.DEVICE_FANOUT);
        assertThat(flags).extracting(Flag::account).containsExactlyInAnyOrder("a1", "a2", "a3");
        Flag a2 = sim.flagsOf(Signal.DEVICE_FANOUT, "a2").get(0);
        assertThat(a2.summary()).isEqualTo("3 accounts on one device within 30 days (limit 3)");
        assertThat(a2.device()).isEqualTo("dev-1");
        assertThat(a2.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(a2.evidence().values())
                .containsEntry("device", "dev-1")
                .containsEntry("accounts_count", 3L)
                .containsEntry("limit", 3L)
                .containsEntry("window_minutes", 30L * 1440)
                .containsEntry("other_accounts", List.of("a1", "a3"));
    }

    @Test
    void windowEdges() {
        // The first account 29 days 23 h before the third is inside 30 days; 30 days 1 h is outside.
        Sim inside = Sim.defaults();
        inside.send(login("a1", at(Duration.ZERO)).ip("203.0.113.1").device("dev-1").ua(CHROME_WIN));
        inside.send(login("a2", at(Duration.ofDays(10))).ip("203.0.113.1").device("dev-1").ua(CHROME_WIN));
        inside.send(login("a3", at(Duration.ofDays(30).minusHours(1))).ip("203.0.113.1").device("dev-1").ua(CHROME_WIN));
        assertThat(inside.accountsFlagged(Signal.DEVICE_FANOUT)).containsExactly("a1", "a2", "a3");

        Sim outside = Sim.defaults();
        outside.send(login("a1", at(Duration.ZERO)).ip("203.0.113.1").device("dev-1").ua(CHROME_WIN));
        outside.send(login("a2", at(Duration.ofDays(10))).ip("203.0.113.1").device("dev-1").ua(CHROME_WIN));
        outside.send(login("a3", at(Duration.ofDays(30).plusHours(1))).ip("203.0.113.1").device("dev-1").ua(CHROME_WIN));
        assertThat(outside.flagsOf(Signal.DEVICE_FANOUT)).isEmpty();
    }

    @Test
    void configuredWindow() {
        Sim sim = Sim.with("detector.device.fanout.window", "7d");
        accountsOnDevice(sim, "dev-1", 3, 4);
        assertThat(sim.flagsOf(Signal.DEVICE_FANOUT)).isEmpty();
        Sim wide = Sim.defaults();
        accountsOnDevice(wide, "dev-1", 3, 4);
        assertThat(wide.accountsFlagged(Signal.DEVICE_FANOUT)).hasSize(3);
    }

    @Test
    void raisedOncePerWindowAndAgainWhenAnotherAccountJoins() {
        Sim sim = Sim.defaults();
        accountsOnDevice(sim, "dev-1", 3, 1);
        for (int day = 3; day < 10; day++) {
            for (int i = 1; i <= 3; i++) {
                sim.send(request("a" + i, at(DAY.multipliedBy(day).plusMinutes(i))).ip("203.0.113.1").device("dev-1")
                        .ua(CHROME_WIN));
            }
        }
        assertThat(sim.flagsOf(Signal.DEVICE_FANOUT, "a1")).hasSize(1);
        sim.send(login("a4", at(DAY.multipliedBy(11))).ip("203.0.113.1").device("dev-1").ua(CHROME_WIN));
        assertThat(sim.flagsOf(Signal.DEVICE_FANOUT, "a1")).hasSize(2);
        assertThat(sim.flagsOf(Signal.DEVICE_FANOUT, "a4")).singleElement()
                .satisfies(f -> assertThat(f.evidence().get("other_accounts")).isEqualTo(List.of("a1", "a2", "a3")));
    }

    @Test
    void severityRisesOneStepAtTwiceTheLimit() {
        Sim sim = Sim.defaults();
        accountsOnDevice(sim, "dev-1", 6, 1);
        List<Flag> a1 = sim.flagsOf(Signal.DEVICE_FANOUT, "a1");
        assertThat(a1.get(0).severity()).isEqualTo(Severity.MEDIUM);
        assertThat(a1.get(a1.size() - 1).severity()).isEqualTo(Severity.HIGH);
    }

    @Test
    void onePersonWithALaptopAtWorkAndAPhoneAtHomeIsNoFanout() {
        Sim sim = Sim.defaults();
        for (int day = 0; day < 10; day++) {
            long base = day * 1440L;
            sim.send(login("pat", min(base + 9 * 60)).ip("198.51.100.10").session("w" + day).device("laptop").ua(CHROME_WIN));
            sim.send(request("pat", min(base + 12 * 60)).ip("198.51.100.10").session("w" + day).device("laptop").ua(CHROME_WIN));
            sim.send(login("pat", min(base + 20 * 60)).ip("203.0.113.50").session("h" + day).device("phone").ua(SAFARI_IPHONE));
            sim.send(request("pat", min(base + 21 * 60)).ip("203.0.113.50").session("h" + day).device("phone").ua(SAFARI_IPHONE));
        }
        assertThat(sim.flags).isEmpty();
    }

    @Test
    void aCoupleSharingOneComputerIsBelowTheLimit() {
        Sim sim = Sim.defaults();
        for (int day = 0; day < 20; day++) {
            sim.send(login("partner-1", min(day * 1440L + 600)).ip("203.0.113.60").device("family-pc").ua(CHROME_WIN));
            sim.send(login("partner-2", min(day * 1440L + 1200)).ip("203.0.113.60").device("family-pc").ua(CHROME_WIN));
        }
        assertThat(sim.flags).isEmpty();
    }

    @Test
    void clockSkewOfAFewSecondsNeitherCreatesNorLosesTheFlag() {
        Sim swapped = Sim.defaults();
        swapped.send(login("a1", min(0)).ip("203.0.113.1").device("dev-1").ua(CHROME_WIN));
        swapped.send(login("a3", min(10) + 3_000).ip("203.0.113.1").device("dev-1").ua(CHROME_WIN));
        swapped.send(login("a2", min(10)).ip("203.0.113.1").device("dev-1").ua(CHROME_WIN));
        assertThat(swapped.accountsFlagged(Signal.DEVICE_FANOUT)).containsExactly("a1", "a2", "a3");
        assertThat(swapped.flagsOf(Signal.DEVICE_FANOUT)).hasSize(3);

        // Over the window's edge: a straggler of a2, 4 s older than a3's login, arriving after it.
        Sim edge = Sim.defaults();
        edge.send(login("a1", at(Duration.ZERO)).ip("203.0.113.1").device("dev-1").ua(CHROME_WIN));
        edge.send(login("a2", at(Duration.ofDays(10))).ip("203.0.113.1").device("dev-1").ua(CHROME_WIN));
        edge.send(login("a3", at(Duration.ofDays(30).plusSeconds(2))).ip("203.0.113.1").device("dev-1").ua(CHROME_WIN));
        edge.send(request("a2", at(Duration.ofDays(30).minusSeconds(2))).ip("203.0.113.1").device("dev-1").ua(CHROME_WIN));
        assertThat(edge.flagsOf(Signal.DEVICE_FANOUT)).isEmpty();
    }

    @Test
    void offSwitch() {
        Sim sim = Sim.with("detector.device.fanout.enabled", "false");
        accountsOnDevice(sim, "dev-1", 6, 1);
        assertThat(sim.flags).isEmpty();
    }
}
