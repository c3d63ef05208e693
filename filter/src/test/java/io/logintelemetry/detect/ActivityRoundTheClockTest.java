package io.logintelemetry.detect;

import static io.logintelemetry.detect.Sim.CHROME_WIN;
import static io.logintelemetry.detect.Sim.FIREFOX_LINUX;
import static io.logintelemetry.detect.Sim.SAFARI_IPHONE;
import static io.logintelemetry.detect.Sim.SAFARI_MAC;
import static io.logintelemetry.detect.Sim.login;
import static io.logintelemetry.detect.Sim.min;
import static io.logintelemetry.detect.Sim.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.flag.Flag;
import io.logintelemetry.flag.Severity;
import io.logintelemetry.flag.Signal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * activity.round_the_clock: activity in at least 20 of the 24 hours of the day within 7 days (hours
 * rule), or three 8-hour shifts each worked from its own browser/device on at least 2 days (shifts rule).
 */
class ActivityRoundTheClockTest {

    /** One request at minute 30 of {@code hourOfDay} on {@code day}: present in that hour, no active time. */
    private static void seenAt(Sim sim, String account, int day, int hourOfDay) {
        sim.send(request(account, min(day * 1440L + hourOfDay * 60L + 30)).ip("203.0.113.7").device("d1").ua(CHROME_WIN));
    }

    /** {@code hours} distinct hours of the day, in time order over the first 5 days of the week, one context. */
    private static void distinctHours(Sim sim, String account, int hours) {
        for (int h = 0; h < hours; h++) {
            seenAt(sim, account, h / 5, h);
        }
    }

    @ParameterizedTest(name = "{0} distinct hours, limit {1}: {2} flag(s)")
    @CsvSource({"19, 20, 0", "20, 20, 1", "11, 12, 0", "12, 12, 1"})
    void hoursRule(int hours, int limit, int expected) {
        Sim sim = Sim.with("detector.activity.round_the_clock.min-hours", String.valueOf(limit));
        distinctHours(sim, "u1", hours);
        assertThat(sim.flagsOf(Signal.ACTIVITY_ROUND_THE_CLOCK)).hasSize(expected);
    }

    @Test
    void hoursRuleSummaryEvidenceAndSeverity() {
        Sim sim = Sim.defaults();
        distinctHours(sim, "u1", 24);
        List<Flag> flags = sim.flagsOf(Signal.ACTIVITY_ROUND_THE_CLOCK);
        assertThat(flags.get(0).summary()).isEqualTo("active in 20 of the 24 hours of the day within 7 days (limit 20)");
        assertThat(flags.get(0).severity()).isEqualTo(Severity.MEDIUM);
        assertThat(flags.get(0).evidence().values())
                .containsEntry("rule", "hours")
                .containsEntry("active_hours_of_day", 20L)
                .containsEntry("limit_hours", 20L)
                .containsEntry("window_days", 7L);
        // Evidence grows from 20 to 24 hours (over a quarter more), and every hour is as high as it gets.
        Flag last = flags.get(flags.size() - 1);
        assertThat(last.evidence().get("active_hours_of_day")).isEqualTo(24L);
        assertThat(last.severity()).isEqualTo(Severity.HIGH);
        assertThat(flags).hasSize(2);
    }

    @Test
    void hoursRuleWindowEdges() {
        // Hour 10 seen on day 0 at 10:30; 18 other hours on days 1-6; the 20th hour on day 7.
        Sim inside = Sim.defaults();
        nineteenHoursFromDayZero(inside);
        seenAt(inside, "u1", 7, 9); // at 09:30: hour 10 of day 0 is 6 days 23 h ago
        assertThat(inside.flagsOf(Signal.ACTIVITY_ROUND_THE_CLOCK)).hasSize(1);

        Sim outside = Sim.defaults();
        nineteenHoursFromDayZero(outside);
        seenAt(outside, "u1", 7, 11); // at 11:30: day 0's 10:30 is more than 7 days ago
        assertThat(outside.flagsOf(Signal.ACTIVITY_ROUND_THE_CLOCK)).isEmpty();
    }

    private static void nineteenHoursFromDayZero(Sim sim) {
        seenAt(sim, "u1", 0, 10);
        int day = 1;
        for (int h : new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 13, 14, 15, 16, 17, 18, 19, 20}) {
            seenAt(sim, "u1", day, h);
            day = day == 6 ? 1 : day + 1;
        }
    }

    /** Three people, each with their own machine, share the account in 8-hour shifts for {@code days} days. */
    private static void shiftTeam(Sim sim, String account, int days) {
        Object[][] shifts = {
                {1, FIREFOX_LINUX, "dev-night", "198.18.51.20"},
                {9, CHROME_WIN, "dev-day", "198.18.52.20"},
                {17, SAFARI_MAC, "dev-evening", "198.18.53.20"}};
        for (int day = 0; day < days; day++) {
            for (Object[] s : shifts) {
                long start = day * 1440L + (int) s[0] * 60L;
                String session = account + "-" + day + "-" + s[2];
                sim.send(login(account, min(start)).ip((String) s[3]).session(session).device((String) s[2]).ua((String) s[1]));
                for (long m = 20; m <= 100; m += 20) {
                    sim.send(request(account, min(start + m)).ip((String) s[3]).session(session).device((String) s[2])
                            .ua((String) s[1]));
                }
            }
        }
    }

    @Test
    void shiftsRuleFlagsThreeShiftsWithTheirOwnContexts() {
        Sim sim = Sim.defaults();
        shiftTeam(sim, "team", 1);
        assertThat(sim.flags).isEmpty(); // one day of each shift is not enough
        shiftTeam(sim, "team", 3);
        assertThat(sim.flags).singleElement().satisfies(f -> {
            assertThat(f.signal()).isEqualTo(Signal.ACTIVITY_ROUND_THE_CLOCK);
            assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(f.evidence().get("rule")).isEqualTo("shifts");
            assertThat(f.evidence().get("shifts")).isEqualTo(List.of(
                    "00-08 UTC: Firefox on Linux / device dev-night on 2 days",
                    "08-16 UTC: Chrome on Windows / device dev-day on 2 days",
                    "16-24 UTC: Safari on macOS / device dev-evening on 2 days"));
            assertThat(f.summary()).startsWith("three shifts a day, each from its own browser or device: 00-08 UTC: Firefox");
        });
    }

    @Test
    void shiftsRuleHonoursConfiguredDaysAndItsSwitch() {
        Sim threeDays = Sim.with("detector.activity.round_the_clock.shift-min-days", "3");
        shiftTeam(threeDays, "team", 2);
        assertThat(threeDays.flags).isEmpty();
        shiftTeam(threeDays, "team", 3);
        assertThat(threeDays.flagsOf(Signal.ACTIVITY_ROUND_THE_CLOCK)).hasSize(1);

        Sim off = Sim.with("detector.activity.round_the_clock.shift-rule", "false");
        shiftTeam(off, "team", 5);
        assertThat(off.flags).isEmpty();
    }

    @Test
    void aShiftThatSharesItsMachineWithAnotherIsNoSeparateShift() {
        // A person with a laptop at work, a phone at home in the evening and the same phone early in
        // the morning: three shifts, but the phone spans two of them.
        Sim sim = Sim.defaults();
        for (int day = 0; day < 7; day++) {
            long d = day * 1440L;
            sim.send(login("pat", min(d + 6 * 60 + 30)).ip("203.0.113.50").session("m" + day).device("phone").ua(SAFARI_IPHONE));
            for (long m = 9 * 60; m <= 17 * 60; m += 30) {
                sim.send(request("pat", min(d + m)).ip("198.51.100.10").session("w" + day).device("laptop").ua(CHROME_WIN));
            }
            sim.send(login("pat", min(d + 20 * 60)).ip("203.0.113.50").session("h" + day).device("phone").ua(SAFARI_IPHONE));
            sim.send(request("pat", min(d + 21 * 60)).ip("203.0.113.50").session("h" + day).device("phone").ua(SAFARI_IPHONE));
        }
        assertThat(sim.flags).isEmpty();
    }

    @Test
    void aRequestWithoutUserAgentOrDeviceDoesNotBreakAShift() {
        Sim sim = Sim.defaults();
        shiftTeam(sim, "team", 1);
        // A health check or an API call without agent or cookie inside the night shift.
        sim.send(request("team", min(1440 + 65)).ip("198.18.52.20"));
        shiftTeam(sim, "team", 2);
        assertThat(sim.flagsOf(Signal.ACTIVITY_ROUND_THE_CLOCK)).hasSize(1);
    }

    @Test
    void aShiftThatMixesContextsWithinOneBlockIsNoSeparateShift() {
        Sim sim = Sim.defaults();
        shiftTeam(sim, "team", 1);
        // On the second day, the night shift is also worked from the day shift's browser.
        sim.send(request("team", min(1440 + 65)).ip("198.18.52.20").device("dev-day").ua(CHROME_WIN));
        shiftTeam(sim, "team", 2);
        assertThat(sim.flags).isEmpty();
    }

    @Test
    void aNightOwlWorkingTenToThreeEveryDayStaysUnflagged() {
        Sim sim = Sim.defaults();
        for (int day = 0; day < 14; day++) {
            long start = day * 1440L + 22 * 60;
            String s = "night-" + day;
            sim.send(login("owl", min(start)).ip("203.0.113.70").session(s).device("owl-laptop").ua(FIREFOX_LINUX));
            for (long m = 10; m <= 300; m += 10) {
                sim.send(request("owl", min(start + m)).ip("203.0.113.70").session(s).device("owl-laptop").ua(FIREFOX_LINUX));
            }
            sim.send(Sim.ev(io.logintelemetry.event.EventType.LOGOUT, "owl", min(start + 301)).session(s));
        }
        assertThat(sim.flags).isEmpty();
    }

    @Test
    void clockSkewOfAFewSecondsNeitherCreatesNorLosesTheFlag() {
        // The 20th hour's request arrives 3 s ahead of the 19th's, which ends the previous hour.
        Sim sim = Sim.defaults();
        distinctHours(sim, "u1", 18);
        sim.send(request("u1", min(3 * 1440L + 19 * 60) + 2_000).ip("203.0.113.7").device("d1").ua(CHROME_WIN));
        sim.send(request("u1", min(3 * 1440L + 19 * 60) - 1_000).ip("203.0.113.7").device("d1").ua(CHROME_WIN));
        assertThat(sim.flagsOf(Signal.ACTIVITY_ROUND_THE_CLOCK)).hasSize(1);
    }

    @Test
    void offSwitch() {
        Sim sim = Sim.with("detector.activity.round_the_clock.enabled", "false");
        distinctHours(sim, "u1", 24);
        shiftTeam(sim, "team", 3);
        assertThat(sim.flags).isEmpty();
    }
}
