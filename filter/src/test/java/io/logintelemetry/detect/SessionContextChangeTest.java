package io.logintelemetry.detect;

import static io.logintelemetry.detect.Sim.CHROME_WIN;
import static io.logintelemetry.detect.Sim.CHROME_WIN_UPDATED;
import static io.logintelemetry.detect.Sim.FIREFOX_LINUX;
import static io.logintelemetry.detect.Sim.SAFARI_IPHONE;
import static io.logintelemetry.detect.Sim.login;
import static io.logintelemetry.detect.Sim.min;
import static io.logintelemetry.detect.Sim.request;
import static io.logintelemetry.detect.Sim.sec;
import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.flag.Flag;
import io.logintelemetry.flag.Severity;
import io.logintelemetry.flag.Signal;
import org.junit.jupiter.api.Test;

/** session.context_change, user agent rule: one session continued from another browser family. */
class SessionContextChangeTest {

    @Test
    void aSessionContinuedFromAnotherBrowserFamilyIsFlaggedOnce() {
        Sim sim = Sim.defaults();
        sim.send(login("u1", min(0)).ip("203.0.113.7").session("s1").ua(CHROME_WIN));
        sim.send(request("u1", min(5)).ip("203.0.113.7").session("s1").ua(CHROME_WIN));
        sim.send(request("u1", min(25)).ip("198.18.40.9").session("s1").ua(FIREFOX_LINUX));
        // Both ends keep using it: the change is reported once per session, not on every request.
        sim.send(request("u1", min(26)).ip("203.0.113.7").session("s1").ua(CHROME_WIN));
        sim.send(request("u1", min(27)).ip("198.18.40.9").session("s1").ua(FIREFOX_LINUX));
        assertThat(sim.flagsOf(Signal.SESSION_CONTEXT_CHANGE)).singleElement().satisfies(f -> {
            assertThat(f.account()).isEqualTo("u1");
            assertThat(f.session()).isEqualTo("s1");
            assertThat(f.ip()).isEqualTo("198.18.40.9");
            assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(f.summary()).isEqualTo("session started on Chrome on Windows continued on Firefox on Linux after 25 min");
            assertThat(f.evidence().values())
                    .containsEntry("rule", "user_agent")
                    .containsEntry("from_agent", "Chrome on Windows")
                    .containsEntry("to_agent", "Firefox on Linux")
                    .containsEntry("from_network", "203.0.113.0/24")
                    .containsEntry("to_network", "198.18.40.0/24")
                    .containsEntry("session_age_minutes", 25L);
        });
    }

    @Test
    void eachHandedOverSessionIsItsOwnFlag() {
        Sim sim = Sim.defaults();
        for (int i = 0; i < 3; i++) {
            String s = "s" + i;
            sim.send(login("u1", min(i * 100)).ip("203.0.113.7").session(s).ua(CHROME_WIN));
            sim.send(request("u1", min(i * 100 + 10)).ip("198.18.40.9").session(s).ua(FIREFOX_LINUX));
        }
        assertThat(sim.flagsOf(Signal.SESSION_CONTEXT_CHANGE)).extracting(Flag::session).containsExactly("s0", "s1", "s2");
    }

    @Test
    void aSessionAfterOneThatChangedHandsStartsClean() {
        // The account carries its session in its own state: the next session must not inherit the
        // earlier one's start or change of hands, and each flag names its own session.
        Sim sim = Sim.defaults();
        sim.send(login("u1", min(0)).ip("203.0.113.7").session("monday").ua(CHROME_WIN));
        sim.send(request("u1", min(20)).ip("198.18.40.9").session("monday").ua(FIREFOX_LINUX));
        sim.send(Sim.ev(io.logintelemetry.event.EventType.SESSION_END, "u1", min(30)).session("monday"));
        sim.send(login("u1", min(600)).ip("198.18.40.9").session("tuesday").ua(FIREFOX_LINUX));
        sim.send(request("u1", min(610)).ip("198.18.40.9").session("tuesday").ua(FIREFOX_LINUX));
        assertThat(sim.flagsOf(Signal.SESSION_CONTEXT_CHANGE)).extracting(Flag::session).containsExactly("monday");

        sim.send(request("u1", min(640)).ip("203.0.113.7").session("tuesday").ua(CHROME_WIN));
        assertThat(sim.flagsOf(Signal.SESSION_CONTEXT_CHANGE)).extracting(Flag::session).containsExactly("monday", "tuesday");
        assertThat(sim.flagsOf(Signal.SESSION_CONTEXT_CHANGE).get(1).summary())
                .isEqualTo("session started on Firefox on Linux continued on Chrome on Windows after 40 min");
    }

    @Test
    void aSessionOutlivingItsEvictedAccountGoesOnWhereItWas() {
        // One account fits: bob's login evicts alice, whose session lives on in the session table.
        Sim sim = Sim.with("state.max-accounts", "1");
        sim.send(login("alice", min(0)).ip("203.0.113.7").session("s1").ua(CHROME_WIN));
        sim.send(login("bob", min(1)).ip("198.51.100.20").session("s2").ua(SAFARI_IPHONE));
        sim.send(request("alice", min(30)).ip("198.18.40.9").session("s1").ua(FIREFOX_LINUX));
        assertThat(sim.flagsOf(Signal.SESSION_CONTEXT_CHANGE)).singleElement().satisfies(f -> {
            assertThat(f.account()).isEqualTo("alice");
            assertThat(f.session()).isEqualTo("s1");
            assertThat(f.summary()).isEqualTo("session started on Chrome on Windows continued on Firefox on Linux after 30 min");
        });
    }

    @Test
    void aBrowserUpdateOrANewNetworkWithTheSameBrowserIsNoChangeOfHands() {
        Sim sim = Sim.defaults();
        sim.send(login("u1", min(0)).ip("203.0.113.7").session("s1").ua(CHROME_WIN));
        sim.send(request("u1", min(30)).ip("203.0.113.7").session("s1").ua(CHROME_WIN_UPDATED));
        // Laptop taken from office Wi-Fi onto a phone hotspot: another network, same browser.
        sim.send(request("u1", min(60)).ip("198.18.41.9").session("s1").ua(CHROME_WIN_UPDATED));
        // Requests that carry no user agent say nothing about who is there.
        sim.send(request("u1", min(61)).ip("198.18.41.9").session("s1"));
        assertThat(sim.flags).isEmpty();
    }

    @Test
    void theSameBrowserFamilyInSeparateSessionsIsNoChange() {
        // A phone session and a laptop session of one person are two sessions, not one handed over.
        Sim sim = Sim.defaults();
        sim.send(login("u1", min(0)).ip("203.0.113.7").session("laptop").ua(CHROME_WIN));
        sim.send(login("u1", min(1)).ip("198.18.42.9").session("phone").ua(SAFARI_IPHONE));
        sim.send(request("u1", min(2)).ip("203.0.113.7").session("laptop").ua(CHROME_WIN));
        sim.send(request("u1", min(3)).ip("198.18.42.9").session("phone").ua(SAFARI_IPHONE));
        assertThat(sim.flags).isEmpty();
    }

    @Test
    void aSessionIdReusedByAnotherAccountStartsAfresh() {
        Sim sim = Sim.defaults();
        sim.send(login("u1", min(0)).ip("203.0.113.7").session("s1").ua(CHROME_WIN));
        sim.send(login("u2", min(60)).ip("198.18.43.9").session("s1").ua(FIREFOX_LINUX));
        assertThat(sim.flagsOf(Signal.SESSION_CONTEXT_CHANGE)).isEmpty();
    }

    @Test
    void aLoggedOutSessionIsForgotten() {
        Sim sim = Sim.defaults();
        sim.send(login("u1", min(0)).ip("203.0.113.7").session("s1").ua(CHROME_WIN));
        sim.send(Sim.ev(io.logintelemetry.event.EventType.LOGOUT, "u1", min(10)).session("s1"));
        sim.send(login("u1", min(20)).ip("203.0.113.7").session("s1").ua(FIREFOX_LINUX));
        assertThat(sim.flags).isEmpty();
    }

    @Test
    void clockSkewOfAFewSecondsNeitherCreatesNorLosesTheFlag() {
        // The login and first request swapped by 2 s: same session, same browser, nothing to flag.
        Sim quiet = Sim.defaults();
        quiet.send(request("u1", sec(2)).ip("203.0.113.7").session("s1").ua(CHROME_WIN));
        quiet.send(login("u1", sec(0)).ip("203.0.113.7").session("s1").ua(CHROME_WIN));
        quiet.send(request("u1", sec(60)).ip("203.0.113.7").session("s1").ua(CHROME_WIN));
        assertThat(quiet.flags).isEmpty();

        // A hand-over whose first foreign request arrives 3 s ahead of an older one: still one flag.
        Sim handOver = Sim.defaults();
        handOver.send(login("u1", sec(0)).ip("203.0.113.7").session("s1").ua(CHROME_WIN));
        handOver.send(request("u1", sec(603)).ip("198.18.40.9").session("s1").ua(FIREFOX_LINUX));
        handOver.send(request("u1", sec(600)).ip("203.0.113.7").session("s1").ua(CHROME_WIN));
        handOver.send(request("u1", sec(660)).ip("198.18.40.9").session("s1").ua(FIREFOX_LINUX));
        assertThat(handOver.flagsOf(Signal.SESSION_CONTEXT_CHANGE)).hasSize(1);
    }

    @Test
    void offSwitch() {
        Sim sim = Sim.with("detector.session.context_change.enabled", "false");
        sim.send(login("u1", min(0)).ip("203.0.113.7").session("s1").ua(CHROME_WIN));
        sim.send(request("u1", min(25)).ip("198.18.40.9").session("s1").ua(FIREFOX_LINUX));
        assertThat(sim.flags).isEmpty();
    }
}
