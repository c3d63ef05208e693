package io.logintelemetry.engine;

import static io.logintelemetry.detect.Sim.CHROME_WIN;
import static io.logintelemetry.detect.Sim.FIREFOX_LINUX;
import static io.logintelemetry.detect.Sim.login;
import static io.logintelemetry.detect.Sim.min;
import static io.logintelemetry.detect.Sim.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.detect.Sim;
import io.logintelemetry.flag.RiskLevel;
import io.logintelemetry.flag.Severity;
import io.logintelemetry.flag.Signal;
import org.junit.jupiter.api.Test;

/** Account score and level from the flags' weights and severities (defaults: medium 30, high 70). */
class ScoringTest {

    /** Six accounts on one device: device.fanout at twice its limit, so at its highest severity. */
    private static Sim deviceFanoutAtHighSeverity() {
        Sim sim = Sim.defaults();
        for (int i = 1; i <= 6; i++) {
            sim.send(login("a" + i, min(i)).ip("198.18.7" + i + ".1").device("shared").ua(CHROME_WIN));
        }
        return sim;
    }

    @Test
    void theHeaviestSingleSignalAtItsHighestSeverityNeverMakesAnAccountHigh() {
        Sim sim = deviceFanoutAtHighSeverity();
        assertThat(sim.flagsOf(Signal.DEVICE_FANOUT, "a1")).last().extracting(f -> f.severity()).isEqualTo(Severity.HIGH);
        AccountSummary a1 = sim.engine.summarize("a1");
        assertThat(a1.signals()).containsExactly(Signal.DEVICE_FANOUT);
        assertThat(a1.score()).isEqualTo(53); // weight 35 x 1.5
        assertThat(a1.level()).isEqualTo(RiskLevel.MEDIUM);
    }

    @Test
    void aWeakSignalAloneStaysLow() {
        // ip.fanout (weight 20, low): 10 points.
        Sim sim = Sim.defaults();
        for (int i = 1; i <= 5; i++) {
            sim.send(login("a" + i, min(i)).ip("198.18.80.1").ua(CHROME_WIN));
        }
        assertThat(sim.engine.levelOf("a1")).isEqualTo(RiskLevel.LOW);
        assertThat(sim.engine.summarize("a1").score()).isEqualTo(10);
    }

    @Test
    void severalSignalsAddUpToHigh() {
        Sim sim = Sim.defaults();
        // A session handed over to another browser: session.context_change, 30 points.
        sim.send(login("u1", min(0)).ip("198.18.91.1").session("s1").device("dev").ua(CHROME_WIN));
        sim.send(request("u1", min(1)).ip("198.18.92.1").session("s1").device("dev").ua(FIREFOX_LINUX));
        assertThat(sim.engine.levelOf("u1")).isEqualTo(RiskLevel.MEDIUM);
        // Logins from four networks within the hour: ip.churn, 30 more.
        for (int i = 2; i <= 4; i++) {
            sim.send(login("u1", min(i)).ip("198.18.9" + i + ".1").device("dev").ua(CHROME_WIN));
        }
        assertThat(sim.engine.summarize("u1").score()).isEqualTo(60);
        assertThat(sim.engine.levelOf("u1")).isEqualTo(RiskLevel.MEDIUM);
        // Two more accounts on u1's device: device.fanout, 35 more.
        sim.send(login("x", min(5)).ip("198.18.94.1").device("dev").ua(CHROME_WIN));
        sim.send(login("y", min(6)).ip("198.18.94.1").device("dev").ua(CHROME_WIN));
        AccountSummary u1 = sim.engine.summarize("u1");
        assertThat(u1.signals()).containsExactlyInAnyOrder(Signal.DEVICE_FANOUT, Signal.SESSION_CONTEXT_CHANGE, Signal.IP_CHURN);
        assertThat(u1.score()).isEqualTo(95);
        assertThat(u1.level()).isEqualTo(RiskLevel.HIGH);
        // The others on the device have only that one signal.
        assertThat(sim.engine.levelOf("x")).isEqualTo(RiskLevel.MEDIUM);
    }

    @Test
    void configuredWeightsAndLevels() {
        Sim sim = Sim.with("score.weight.ip.fanout", "100", "score.high", "50", "score.medium", "20");
        for (int i = 1; i <= 5; i++) {
            sim.send(login("a" + i, min(i)).ip("198.18.80.1").ua(CHROME_WIN));
        }
        assertThat(sim.engine.levelOf("a1")).isEqualTo(RiskLevel.HIGH);
    }

    @Test
    void anUnknownOrUnflaggedAccountIsLow() {
        Sim sim = Sim.defaults();
        sim.send(login("quiet", min(0)).ip("203.0.113.9").ua(CHROME_WIN));
        assertThat(sim.engine.levelOf("quiet")).isEqualTo(RiskLevel.LOW);
        assertThat(sim.engine.levelOf("never-seen")).isEqualTo(RiskLevel.LOW);
        assertThat(sim.engine.summarize("quiet").signals()).isEmpty();
    }
}
