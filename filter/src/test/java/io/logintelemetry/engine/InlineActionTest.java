package io.logintelemetry.engine;

import static io.logintelemetry.detect.Sim.CHROME_WIN;
import static io.logintelemetry.detect.Sim.login;
import static io.logintelemetry.detect.Sim.min;
import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.action.Action;
import io.logintelemetry.detect.Sim;
import io.logintelemetry.flag.Flag;
import io.logintelemetry.flag.Signal;
import org.junit.jupiter.api.Test;

/** A signal configured with an inline action applies it to the account for action.duration. */
class InlineActionTest {

    private static final String[] NETS = {"198.18.1.1", "198.18.2.1", "198.18.3.1", "198.18.4.1"};

    private static Sim churn(Sim sim) {
        for (int i = 0; i < 4; i++) {
            sim.send(login("u1", min(i)).ip(NETS[i]).ua(CHROME_WIN));
        }
        return sim;
    }

    @Test
    void blockHoldsForTheConfiguredDurationThenLogAgain() {
        Sim sim = churn(Sim.with("detector.ip.churn.action", "block", "action.duration", "10m"));
        Flag flag = sim.flagsOf(Signal.IP_CHURN).get(0);
        assertThat(flag.action()).isEqualTo(Action.BLOCK);
        long raised = flag.timestamp();
        assertThat(sim.engine.actionFor("u1", raised)).isEqualTo(Action.BLOCK);
        assertThat(sim.engine.actionFor("u1", raised + 10 * 60_000 - 1)).isEqualTo(Action.BLOCK);
        assertThat(sim.engine.actionFor("u1", raised + 10 * 60_000)).isEqualTo(Action.LOG);
        // Only the flagged account.
        assertThat(sim.engine.actionFor("someone-else", raised)).isEqualTo(Action.LOG);
    }

    @Test
    void aMilderActionRaisedDuringABlockDoesNotStretchTheBlock() {
        Sim sim = churn(Sim.with("detector.ip.churn.action", "block", "action.duration", "10m",
                "detector.session.context_change.action", "mark"));
        long blocked = sim.flagsOf(Signal.IP_CHURN).get(0).timestamp();
        sim.send(login("u1", min(8)).session("s").ua(CHROME_WIN));
        sim.send(Sim.request("u1", min(9)).session("s").ua(Sim.FIREFOX_LINUX));
        assertThat(sim.flagsOf(Signal.SESSION_CONTEXT_CHANGE)).hasSize(1);
        assertThat(sim.engine.actionFor("u1", blocked + 10 * 60_000 - 1)).isEqualTo(Action.BLOCK);
        assertThat(sim.engine.actionFor("u1", blocked + 10 * 60_000)).isEqualTo(Action.MARK);
        assertThat(sim.engine.actionFor("u1", min(9) + 10 * 60_000)).isEqualTo(Action.LOG);
    }

    @Test
    void defaultDurationIsThirtyMinutes() {
        Sim sim = churn(Sim.with("detector.ip.churn.action", "block"));
        long raised = sim.flagsOf(Signal.IP_CHURN).get(0).timestamp();
        assertThat(sim.engine.actionFor("u1", raised + 29 * 60_000)).isEqualTo(Action.BLOCK);
        assertThat(sim.engine.actionFor("u1", raised + 31 * 60_000)).isEqualTo(Action.LOG);
    }

    @Test
    void nothingIsDoneInlineByDefault() {
        Sim sim = churn(Sim.defaults());
        Flag flag = sim.flagsOf(Signal.IP_CHURN).get(0);
        assertThat(flag.action()).isEqualTo(Action.LOG);
        assertThat(sim.engine.actionFor("u1", flag.timestamp())).isEqualTo(Action.LOG);
    }

    @Test
    void anotherSignalsActionDoesNotApply() {
        // Blocking is configured for device.fanout; an ip.churn flag leaves the account alone.
        Sim sim = churn(Sim.with("detector.device.fanout.action", "block"));
        assertThat(sim.engine.actionFor("u1", sim.flagsOf(Signal.IP_CHURN).get(0).timestamp())).isEqualTo(Action.LOG);
    }

    @Test
    void everyAccountOfAMultiAccountSignalGetsTheAction() {
        Sim sim = Sim.with("detector.ip.fanout.action", "mark");
        for (int i = 1; i <= 5; i++) {
            sim.send(login("a" + i, min(i)).ip("198.18.80.1").ua(CHROME_WIN));
        }
        for (int i = 1; i <= 5; i++) {
            assertThat(sim.engine.actionFor("a" + i, min(6))).isEqualTo(Action.MARK);
        }
    }
}
