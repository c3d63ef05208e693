package io.logintelemetry.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.event.Event;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The worker's batch: queue order, one event per account to send, an account's next events waiting for their turn. */
class BatchTest {

    private static Event login(String account, int second) {
        return Traffic.login(account, Traffic.T0 + second * 1000L, "192.0.2.1", null, "s");
    }

    @Test
    void anAccountsNextEventWaitsForItsTurnWhileOthersKeepComing() {
        Batch batch = new Batch();
        Event a1 = login("a", 1);
        Event b1 = login("b", 2);
        Event a2 = login("a", 3);
        Event c1 = login("c", 4);
        Event a3 = login("a", 5);
        List.of(a1, b1, a2, c1, a3).forEach(batch::add);
        assertThat(batch.wantsMore(64)).as("a busy account does not end the batch").isTrue();
        assertThat(batch.events()).containsExactly(a1, b1, c1);

        // b finishing lets nobody in; a finishing lets a's next in (not the one after), behind what is still there.
        batch.finished(b1);
        assertThat(batch.events()).containsExactly(a1, c1);
        batch.finished(a1);
        assertThat(batch.events()).containsExactly(c1, a2);
        assertThat(batch.number(a2)).as("numbered in queue order, not in the order sent").isLessThan(batch.number(c1));
        batch.finished(a2);
        assertThat(batch.events()).containsExactly(c1, a3);
        batch.finished(c1);
        batch.finished(a3);
        assertThat(batch.isEmpty()).isTrue();
    }

    @Test
    void theWaitingEventsAreBoundedToo() {
        Batch batch = new Batch();
        for (int i = 0; i < 3; i++) {
            batch.add(login("a", i));
        }
        assertThat(batch.wantsMore(2)).as("two of a waiting: no more taken").isFalse();
        assertThat(batch.wantsMore(3)).isTrue();
    }

    @Test
    void anEventLeftInTheBatchKeepsItsPlaceAheadOfLaterOnes() {
        Batch batch = new Batch();
        Event a1 = login("a", 1);
        Event b1 = login("b", 2);
        Event c1 = login("c", 3);
        Event b2 = login("b", 4);
        List.of(a1, b1, c1, b2).forEach(batch::add);
        // a1 and c1 answered, b1 not: b1 stays first, and b2 comes after it only once b1 is finished.
        batch.finished(a1);
        batch.finished(c1);
        assertThat(batch.events()).containsExactly(b1);
        batch.finished(b1);
        assertThat(batch.events()).containsExactly(b2);
        batch.finished(b2);
        assertThat(batch.isEmpty()).isTrue();
        assertThat(batch.first()).isNull();
    }

    @Test
    void aFullBatchTakesNoMore() {
        Batch batch = new Batch();
        for (int i = 0; i < 3; i++) {
            batch.add(login("a" + i, i));
        }
        assertThat(batch.wantsMore(3)).isFalse();
        assertThat(batch.wantsMore(4)).isTrue();
    }
}
