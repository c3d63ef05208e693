package io.logintelemetry.detect;

import static io.logintelemetry.detect.Sim.CHROME_WIN;
import static io.logintelemetry.detect.Sim.login;
import static io.logintelemetry.detect.Sim.min;
import static io.logintelemetry.detect.Sim.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.event.EventType;
import io.logintelemetry.flag.Flag;
import io.logintelemetry.flag.Severity;
import io.logintelemetry.flag.Signal;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** session.long: one session active (first to last request) for more than 12 h by default. */
class SessionLongTest {

    /** A login at minute 0 and, in the same session, one request every 30 min up to {@code lastMinute}. */
    private static Sim session(Sim sim, String account, String session, long lastMinute) {
        sim.send(login(account, min(0)).ip("203.0.113.7").session(session).ua(CHROME_WIN));
        for (long m = 30; m < lastMinute; m += 30) {
            sim.send(request(account, min(m)).ip("203.0.113.7").session(session).ua(CHROME_WIN));
        }
        sim.send(request(account, min(lastMinute)).ip("203.0.113.7").session(session).ua(CHROME_WIN));
        return sim;
    }

    @ParameterizedTest(name = "session of {0} min with limit {1}: {2} flag(s)")
    @CsvSource({
            "719, 12h, 0",   // below
            "720, 12h, 0",   // exactly the limit is not "more than"
            "721, 12h, 1",   // above
            "239, 4h,  0",   // configured limit: below
            "241, 4h,  1",   // configured limit: above
    })
    void flagsOnlySessionsLongerThanTheLimit(long lastMinute, String limit, int expected) {
        Sim sim = session(Sim.with("detector.session.long.max-duration", limit), "u1", "s1", lastMinute);
        assertThat(sim.flagsOf(Signal.SESSION_LONG)).hasSize(expected);
    }

    @Test
    void summaryAndEvidenceDescribeTheSession() {
        Sim sim = session(Sim.defaults(), "u1", "s1", 12 * 60 + 30);
        Flag flag = sim.flagsOf(Signal.SESSION_LONG).get(0);
        assertThat(flag.account()).isEqualTo("u1");
        assertThat(flag.session()).isEqualTo("s1");
        assertThat(flag.severity()).isEqualTo(Severity.LOW);
        assertThat(flag.summary()).isEqualTo("one session active for 12 h 30 min (limit 12 h)");
        assertThat(flag.evidence().values())
                .containsEntry("duration_minutes", 750L)
                .containsEntry("limit_minutes", 720L)
                .containsEntry("first_use", "2026-03-02T00:00:00Z")
                .containsEntry("last_use", "2026-03-02T12:30:00Z");
    }

    @Test
    void raisedOncePerWindowThenAgainWhenEvidenceGrowsByAQuarter() {
        // Every request past 12 h still matches; only the first, then 15 h (12 + a quarter), are news.
        Sim sim = session(Sim.defaults(), "u1", "s1", 14 * 60 + 30);
        assertThat(sim.flagsOf(Signal.SESSION_LONG)).hasSize(1);
        sim.send(request("u1", min(15 * 60)).ip("203.0.113.7").session("s1").ua(CHROME_WIN));
        assertThat(sim.flagsOf(Signal.SESSION_LONG)).hasSize(2);
    }

    @Test
    void severityRisesOneStepAtTwiceTheLimit() {
        Sim sim = session(Sim.with("detector.session.long.max-duration", "2h"), "u1", "s1", 4 * 60);
        List<Flag> flags = sim.flagsOf(Signal.SESSION_LONG);
        assertThat(flags.get(0).severity()).isEqualTo(Severity.LOW);
        assertThat(flags.get(flags.size() - 1).severity()).isEqualTo(Severity.MEDIUM);
        assertThat(flags.get(flags.size() - 1).summary()).startsWith("one session active for 4 h ");
    }

    @Test
    void aLogoutEndsTheSessionSoALaterUseOfTheSameIdStartsAfresh() {
        Sim sim = Sim.defaults();
        sim.send(login("u1", min(0)).ip("203.0.113.7").session("s1").ua(CHROME_WIN));
        sim.send(request("u1", min(60)).ip("203.0.113.7").session("s1").ua(CHROME_WIN));
        sim.send(Sim.ev(EventType.LOGOUT, "u1", min(61)).session("s1"));
        sim.send(request("u1", min(13 * 60)).ip("203.0.113.7").session("s1").ua(CHROME_WIN));
        assertThat(sim.flagsOf(Signal.SESSION_LONG)).isEmpty();
    }

    @Test
    void manyShortSessionsOfOneAccountAreNoLongSession() {
        Sim sim = Sim.defaults();
        for (int day = 0; day < 2; day++) {
            for (int part = 0; part < 3; part++) {
                String s = "s" + day + part;
                long start = day * 1440L + part * 300L;
                for (long m = 0; m <= 240; m += 20) {
                    sim.send(request("u1", min(start + m)).ip("203.0.113.7").session(s).ua(CHROME_WIN));
                }
            }
        }
        assertThat(sim.flagsOf(Signal.SESSION_LONG)).isEmpty();
    }

    @Test
    void clockSkewOfAFewSecondsNeitherCreatesNorLosesTheFlag() {
        // Just above the limit, with the session's first event arriving after a later one: the
        // session still runs from its earliest event, so the flag is not lost.
        Sim reordered = Sim.defaults();
        reordered.send(login("u1", min(0) + 3_000).ip("203.0.113.7").session("s1").ua(CHROME_WIN));
        reordered.send(request("u1", min(0)).ip("203.0.113.7").session("s1").ua(CHROME_WIN));
        reordered.send(request("u1", min(720) + 2_000).ip("203.0.113.7").session("s1").ua(CHROME_WIN));
        assertThat(reordered.flagsOf(Signal.SESSION_LONG)).hasSize(1);

        // Exactly at the limit, a straggler a few seconds old arriving last must not create a flag.
        Sim atLimit = Sim.defaults();
        atLimit.send(login("u1", min(0)).ip("203.0.113.7").session("s1").ua(CHROME_WIN));
        atLimit.send(request("u1", min(720)).ip("203.0.113.7").session("s1").ua(CHROME_WIN));
        atLimit.send(request("u1", min(720) - 4_000).ip("203.0.113.7").session("s1").ua(CHROME_WIN));
        assertThat(atLimit.flagsOf(Signal.SESSION_LONG)).isEmpty();
    }

    @Test
    void offSwitch() {
        Sim sim = session(Sim.with("detector.session.long.enabled", "false"), "u1", "s1", 20 * 60);
        assertThat(sim.flagsOf(Signal.SESSION_LONG)).isEmpty();
        // The switch turns off this signal only.
        Sim on = session(Sim.defaults(), "u1", "s1", 20 * 60);
        assertThat(on.flagsOf(Signal.SESSION_LONG)).isNotEmpty();
    }
}
