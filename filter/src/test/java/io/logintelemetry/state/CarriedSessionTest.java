package io.logintelemetry.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.intel.IpInfo;
import io.logintelemetry.net.IpAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * An account carries the session it uses in its own fields (see {@link SessionState}): one at a time,
 * a fresh one each time, and never updated through a reference kept from its previous session.
 */
class CarriedSessionTest {

    private static final long T0 = 1_772_000_000_000L;
    private static final IpAddress HOME = IpAddress.parse("198.51.100.7").orElseThrow();
    private static final IpAddress ABROAD = IpAddress.parse("203.0.113.9").orElseThrow();

    private final InMemoryStateStore store = new InMemoryStateStore(LoginTelemetryConfig.defaults());

    @Test
    void anAccountCarriesItsFirstSessionAndTheStoreFindsItThere() {
        AccountState alice = store.account("alice");

        SessionState session = store.session("s1", alice);

        assertThat(session).isSameAs(alice);
        assertThat(session.sessionId()).isEqualTo("s1");
        assertThat(store.session("s1", alice)).isSameAs(alice);
        assertThat(store.session("s1")).isSameAs(alice);
        assertThat(store.sizes().get("sessions")).isEqualTo(1);
    }

    @Test
    void aSecondSessionAtTheSameTimeStandsAlone() {
        AccountState alice = store.account("alice");
        store.session("desktop", alice);

        SessionState phone = store.session("phone", alice);

        assertThat(phone).isNotSameAs(alice);
        assertThat(phone.sessionId()).isEqualTo("phone");
        assertThat(store.session("desktop", alice)).isSameAs(alice);
        assertThat(store.sizes().get("sessions")).isEqualTo(2);
    }

    @Test
    void onceItsSessionEndedTheAccountCarriesTheNextOneFromNothing() {
        AccountState alice = store.account("alice");
        use(store.session("monday", alice), "monday", "alice", T0, "Chrome", HOME);
        use(store.session("monday", alice), "monday", "alice", T0 + 60_000, "Firefox", HOME); // hands changed

        store.endSession("monday");
        assertThat(alice.retired()).isTrue();
        SessionState tuesday = store.session("tuesday", alice);
        use(tuesday, "tuesday", "alice", T0 + 86_400_000, "Chrome", HOME);

        assertThat(tuesday).isSameAs(alice);
        assertThat(tuesday.sessionId()).isEqualTo("tuesday");
        assertThat(tuesday.firstUse()).isEqualTo(T0 + 86_400_000);
        assertThat(tuesday.startFamily()).isEqualTo("Chrome");
        assertThat(tuesday.changedFamily()).isNull(); // Monday's change of hands is not Tuesday's
        assertThat(tuesday.agentChangedJustNow()).isFalse();
        assertThat(store.session("monday")).isNotSameAs(alice); // Monday is gone: asked again, it is new
    }

    @Test
    void aReferenceKeptFromTheEarlierSessionCannotUpdateTheNextOne() {
        AccountState alice = store.account("alice");
        SessionState kept = store.session("monday", alice);
        use(kept, "monday", "alice", T0, "Chrome", HOME);
        store.endSession("monday");
        SessionState tuesday = store.session("tuesday", alice);
        use(tuesday, "tuesday", "alice", T0 + 86_400_000, "Chrome", HOME);

        boolean applied = kept.use("monday", "alice", T0 + 86_460_000, "Firefox", ABROAD, IpInfo.UNKNOWN);

        assertThat(applied).isFalse();
        assertThat(tuesday.lastUse()).isEqualTo(T0 + 86_400_000);
        assertThat(tuesday.changedFamily()).isNull();
        assertThat(tuesday.sessionId()).isEqualTo("tuesday");
    }

    @Test
    void anotherAccountOnTheSameSessionIdStartsItAfreshAsBefore() {
        AccountState alice = store.account("alice");
        AccountState bob = store.account("bob");
        use(store.session("shared", alice), "shared", "alice", T0, "Chrome", HOME);

        SessionState seenByBob = store.session("shared", bob);
        use(seenByBob, "shared", "bob", T0 + 60_000, "Firefox", ABROAD);

        assertThat(seenByBob).isSameAs(alice); // still the one session object under that id
        assertThat(seenByBob.account()).isEqualTo("bob");
        assertThat(seenByBob.firstUse()).isEqualTo(T0 + 60_000);
        assertThat(seenByBob.startFamily()).isEqualTo("Firefox");
    }

    @Test
    void aCarriedSessionLeftIdlePastItsExpiryComesBackEmpty() {
        AccountState alice = store.account("alice");
        use(store.session("s1", alice), "s1", "alice", T0, "Chrome", HOME);
        long later = T0 + Duration.ofHours(12).plus(InMemoryStateStore.EXPIRY_MARGIN).plusMinutes(5).toMillis();
        store.clock().advanceTo(later);

        SessionState again = store.session("s1", alice);
        use(again, "s1", "alice", later, "Firefox", ABROAD);

        assertThat(again).isSameAs(alice);
        assertThat(again.firstUse()).isEqualTo(later);
        assertThat(again.startFamily()).isEqualTo("Firefox");
    }

    @Test
    void aSessionTakenOnButNotUsedYetIsWrittenAsNew() throws Exception {
        AccountState alice = store.account("alice");
        use(store.session("monday", alice), "monday", "alice", T0, "Chrome", HOME);
        store.endSession("monday");
        store.session("tuesday", alice); // carried from now, not used yet: the fields still say Monday

        SessionState written = StateCodec.decodeSession(StateCodec.encodeSession(alice));

        assertThat(written.sessionId()).isEqualTo("tuesday");
        assertThat(written.firstUse()).isEqualTo(Long.MIN_VALUE);
        assertThat(written.account()).isNull();
        assertThat(written.startFamily()).isNull();
    }

    @Test
    void ofSessionsStartingAtOnceForOneAccountExactlyOneIsCarried() throws InterruptedException {
        AccountState alice = store.account("alice");
        int threads = 8;
        AtomicInteger carried = new AtomicInteger();
        AtomicInteger standalone = new AtomicInteger();
        Racers.race(threads, t -> {
            String id = "s" + t;
            SessionState s = store.session(id, alice);
            if (s == alice && id.equals(s.sessionId())) {
                carried.incrementAndGet();
            } else if (s != alice && id.equals(s.sessionId())) {
                standalone.incrementAndGet();
            }
        });

        assertThat(carried).hasValue(1);
        assertThat(standalone).hasValue(threads - 1);
        assertThat(store.sizes().get("sessions")).isEqualTo(threads);
    }

    private static void use(SessionState session, String id, String account, long time, String family, IpAddress ip) {
        assertThat(session.use(id, account, time, family, ip, IpInfo.UNKNOWN)).as("use of %s", id).isTrue();
    }
}
