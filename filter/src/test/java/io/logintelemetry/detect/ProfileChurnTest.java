package io.logintelemetry.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.flag.Flag;
import io.logintelemetry.flag.Signal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** profile.churn: 3 or more profile or payout changes within 30 days. */
class ProfileChurnTest {

    private static long day(double d) {
        return Sim.at(Duration.ofMinutes(Math.round(d * 1440)));
    }

    @ParameterizedTest(name = "{0} changes {1} days apart: flagged {2}")
    @CsvSource({"2, 1, false", "3, 1, true", "3, 14, true", "3, 15.5, false", "4, 10, true"})
    void countsChangesWithinTheWindow(int changes, double everyDays, boolean flagged) {
        Sim sim = Market.sim();
        for (int i = 0; i < changes; i++) {
            sim.send(Market.change("u1", day(i * everyDays), "email", "u1-" + i + "@example.com"));
        }
        assertThat(sim.flagsOf(Signal.PROFILE_CHURN).isEmpty()).isEqualTo(!flagged);
    }

    @Test
    void theFirstPayoutAccountIsNoChangeLaterOnesAre() {
        Sim sim = Market.sim();
        sim.send(Market.payout("u1", day(0), "BANK-1", "Taro"));
        sim.send(Market.change("u1", day(1), "display_name", "Taro Y"));
        sim.send(Market.payout("u1", day(2), "BANK-2", "Taro"));
        assertThat(sim.flagsOf(Signal.PROFILE_CHURN)).isEmpty();
        sim.send(Market.payout("u1", day(3), "BANK-3", "Jiro"));
        List<Flag> flags = sim.flagsOf(Signal.PROFILE_CHURN);
        assertThat(flags).hasSize(1);
        assertThat(flags.get(0).summary()).isEqualTo("3 profile or payout changes in 2 days (limit 3 in 30 days)");
        assertThat(flags.get(0).evidence().get("last_change")).isEqualTo("payout_account");
    }

    @Test
    void savingTheSameValueAgainIsNoChange() {
        Sim sim = Market.sim();
        for (int i = 0; i < 5; i++) {
            sim.send(Market.change("u1", day(i), "phone", "+81 90 1234 5678"));
            sim.send(Market.payout("u1", day(i + 0.5), "BANK-1", "Taro"));
        }
        assertThat(sim.flagsOf(Signal.PROFILE_CHURN)).isEmpty();
    }

    @Test
    void configuredLimitAndOffSwitch() {
        Sim two = Market.sim("detector.profile.churn.min-changes", "2");
        two.send(Market.change("u1", day(0), "address", "a"));
        two.send(Market.change("u1", day(1), "address", "b"));
        assertThat(two.flagsOf(Signal.PROFILE_CHURN)).hasSize(1);
        Sim off = Market.sim("detector.profile.churn.enabled", "false");
        for (int i = 0; i < 5; i++) {
            off.send(Market.change("u1", day(i), "email", "x" + i));
        }
        assertThat(off.flags).isEmpty();
    }

    @Test
    void historyIsBoundedAt32Changes() {
        Sim sim = Market.sim();
        for (int i = 0; i < 40; i++) {
            sim.send(Market.change("u1", day(i * 0.1), "email", "e" + i));
        }
        assertThat(sim.engine.state().marketplace().existingAccount("u1").changesSince(Long.MIN_VALUE)).hasSize(32);
        // Flags follow the evidence as it grows by a quarter: 3, 4, 5 ... 22, 27 changes.
        assertThat(sim.flagsOf(Signal.PROFILE_CHURN)).extracting(f -> f.evidence().get("changes_count"))
                .containsExactly(3L, 4L, 5L, 6L, 7L, 8L, 10L, 12L, 15L, 18L, 22L, 27L);
    }
}
