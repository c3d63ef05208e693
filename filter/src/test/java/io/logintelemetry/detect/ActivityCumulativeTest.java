package io.logintelemetry.detect;

import static io.logintelemetry.detect.Sim.CHROME_WIN;
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

/**
 * activity.cumulative: over 14 h active in a rolling 24 h, or over 70 h in 7 days. Active time is the
 * union of gaps of at most 15 min between consecutive requests. The rolling day is kept in hour
 * buckets, so window-edge tests leave an hour of slack where the bucket boundary matters.
 */
class ActivityCumulativeTest {

    /** Requests of {@code account} from minute {@code from} to {@code to} (inclusive), {@code step} min apart. */
    static void active(Sim sim, String account, long from, long to, long step) {
        for (long m = from; m < to; m += step) {
            sim.send(request(account, min(m)).ip("203.0.113.7").ua(CHROME_WIN));
        }
        sim.send(request(account, min(to)).ip("203.0.113.7").ua(CHROME_WIN));
    }

    @ParameterizedTest(name = "active {0} min with a {1} limit, requests {2} min apart: {3} flag(s)")
    @CsvSource({
            "840, 14h, 10, 0",   // exactly 14 h is not over
            "850, 14h, 10, 1",   // above
            "830, 14h, 10, 0",   // below
            "180, 3h,  10, 0",   // configured limit: at
            "190, 3h,  10, 1",   // configured limit: above
    })
    void dayRule(long activeMinutes, String limit, long step, int expected) {
        Sim sim = Sim.with("detector.activity.cumulative.max-per-day", limit);
        active(sim, "u1", 0, activeMinutes, step);
        assertThat(sim.flagsOf(Signal.ACTIVITY_CUMULATIVE)).hasSize(expected);
    }

    @Test
    void gapsLongerThanTheMaximumAreNotActiveTime() {
        // A request every 16 min for 20 h: present, but never continuously active.
        Sim sim = Sim.defaults();
        active(sim, "u1", 0, 20 * 60, 16);
        assertThat(sim.flagsOf(Signal.ACTIVITY_CUMULATIVE)).isEmpty();
        // With a configured 20 min gap, the same requests are 20 h of work.
        Sim wider = Sim.with("detector.activity.cumulative.max-gap", "20m");
        active(wider, "u1", 0, 20 * 60, 16);
        assertThat(wider.flagsOf(Signal.ACTIVITY_CUMULATIVE)).isNotEmpty();
    }

    @Test
    void summaryAndEvidence() {
        Sim sim = Sim.defaults();
        active(sim, "u1", 0, 850, 10);
        Flag flag = sim.flagsOf(Signal.ACTIVITY_CUMULATIVE).get(0);
        assertThat(flag.summary()).isEqualTo("active 14 h 10 min in the last 24 h (limit 14 h)");
        assertThat(flag.severity()).isEqualTo(Severity.LOW);
        assertThat(flag.evidence().values())
                .containsEntry("rule", "day")
                .containsEntry("active_minutes_24h", 850L)
                .containsEntry("limit_minutes_24h", 840L)
                .containsEntry("active_minutes_7d", 850L)
                .containsEntry("limit_minutes_7d", 4200L)
                .containsEntry("max_gap_minutes", 15L);
    }

    @Test
    void weekRule() {
        // 10 h 30 min a day never breaks the day rule; on the 7th day the week passes 70 h.
        Sim sim = Sim.defaults();
        for (int day = 0; day < 6; day++) {
            active(sim, "u1", day * 1440L + 480, day * 1440L + 480 + 630, 10);
        }
        assertThat(sim.flagsOf(Signal.ACTIVITY_CUMULATIVE)).isEmpty(); // 63 h
        active(sim, "u1", 6 * 1440L + 480, 6 * 1440L + 480 + 630, 10); // 73 h 30 min
        assertThat(sim.flagsOf(Signal.ACTIVITY_CUMULATIVE)).singleElement().satisfies(f -> {
            assertThat(f.evidence().get("rule")).isEqualTo("week");
            assertThat(f.summary()).isEqualTo("active 70 h 10 min in the last 7 days (limit 70 h)");
        });
    }

    @Test
    void dayWindowEdges() {
        // 7 h on day 0 from 10:00, then 7 h 10 min ending 23 h after that start: 14 h 10 min in 24 h.
        Sim inside = Sim.defaults();
        active(inside, "u1", 600, 1020, 10);
        active(inside, "u1", 1440 + 110, 1440 + 540, 10);
        assertThat(inside.flagsOf(Signal.ACTIVITY_CUMULATIVE)).hasSize(1);

        // The same second block ending 24 h 30 min after the first began: part of day 0 has left.
        Sim outside = Sim.defaults();
        active(outside, "u1", 600, 1020, 10);
        active(outside, "u1", 1440 + 200, 1440 + 630, 10);
        assertThat(outside.flagsOf(Signal.ACTIVITY_CUMULATIVE)).isEmpty();
    }

    @Test
    void raisedOncePerWindowAgainWhenActiveTimeGrowsByAQuarterOrOnAnotherDay() {
        Sim sim = Sim.defaults();
        active(sim, "u1", 0, 16 * 60, 10);
        assertThat(sim.flagsOf(Signal.ACTIVITY_CUMULATIVE)).hasSize(1); // 14 h 10 min, not again at 16 h
        active(sim, "u1", 16 * 60 + 10, 17 * 60 + 10, 10);
        assertThat(sim.flagsOf(Signal.ACTIVITY_CUMULATIVE)).hasSize(2); // 17 h >= 14 h + a quarter
        active(sim, "u1", 3 * 1440L, 3 * 1440L + 850, 10);
        assertThat(sim.flagsOf(Signal.ACTIVITY_CUMULATIVE)).hasSize(3); // another day
    }

    @Test
    void severityRisesOneStepAtTwiceTheLimit() {
        Sim sim = Sim.with("detector.activity.cumulative.max-per-day", "2h");
        active(sim, "u1", 0, 250, 10);
        List<Flag> flags = sim.flagsOf(Signal.ACTIVITY_CUMULATIVE);
        assertThat(flags.get(0).severity()).isEqualTo(Severity.LOW);
        assertThat(flags.get(flags.size() - 1).severity()).isEqualTo(Severity.MEDIUM);
    }

    @Test
    void clockSkewCannotCountTheSameTimeTwice() {
        // Each request is sent twice, the copy 2 s older arriving after it (two nodes): 14 h stays 14 h.
        Sim sim = Sim.defaults();
        for (long m = 0; m <= 840; m += 10) {
            sim.send(request("u1", min(m)).ip("203.0.113.7").ua(CHROME_WIN));
            sim.send(request("u1", min(m) - 2_000).ip("203.0.113.7").ua(CHROME_WIN));
        }
        assertThat(sim.flagsOf(Signal.ACTIVITY_CUMULATIVE)).isEmpty();
    }

    @Test
    void clockSkewCannotLoseActiveTime() {
        // 50 min of requests, then two 4 s apart whose gaps to the previous are 14 min 58 s and 15 min
        // 2 s: in time order the first bridges the gap, so 65 min 2 s are active (limit 1 h). If the
        // later one arrives first, the earlier one must still bridge it.
        long[] tail = {50 * 60 + 14 * 60 + 58, 50 * 60 + 15 * 60 + 2};
        Sim ordered = Sim.with("detector.activity.cumulative.max-per-day", "1h");
        active(ordered, "u1", 0, 50, 10);
        ordered.send(request("u1", sec(tail[0])).ip("203.0.113.7").ua(CHROME_WIN));
        ordered.send(request("u1", sec(tail[1])).ip("203.0.113.7").ua(CHROME_WIN));
        assertThat(ordered.flagsOf(Signal.ACTIVITY_CUMULATIVE)).hasSize(1);

        Sim swapped = Sim.with("detector.activity.cumulative.max-per-day", "1h");
        active(swapped, "u1", 0, 50, 10);
        swapped.send(request("u1", sec(tail[1])).ip("203.0.113.7").ua(CHROME_WIN));
        swapped.send(request("u1", sec(tail[0])).ip("203.0.113.7").ua(CHROME_WIN));
        assertThat(swapped.flagsOf(Signal.ACTIVITY_CUMULATIVE)).hasSize(1);
    }

    @Test
    void aLongButOrdinaryWorkingWeekStaysUnflagged() {
        // 9 h a day, 5 days, plus 3 h on Saturday: 48 h.
        Sim sim = Sim.defaults();
        for (int day = 0; day < 5; day++) {
            active(sim, "u1", day * 1440L + 540, day * 1440L + 540 + 540, 10);
        }
        active(sim, "u1", 5 * 1440L + 600, 5 * 1440L + 780, 10);
        assertThat(sim.flags).isEmpty();
    }

    @Test
    void offSwitch() {
        Sim sim = Sim.with("detector.activity.cumulative.enabled", "false");
        active(sim, "u1", 0, 20 * 60, 10);
        assertThat(sim.flagsOf(Signal.ACTIVITY_CUMULATIVE)).isEmpty();
        assertThat(sim.flagsOf(Signal.ACTIVITY_ROUND_THE_CLOCK)).isNotEmpty(); // 21 hours: other detectors still run
    }
}
