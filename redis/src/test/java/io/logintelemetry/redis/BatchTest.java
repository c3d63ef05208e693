package io.logintelemetry.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.event.Event;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The worker's batch: queue order, one event per account, an account's next event held back. */
class BatchTest {

    private static Event login(String account, int second) {
        return Traffic.login(account, Traffic.T0 + second * 1000L, "192.0.2.1", null, "s");
    }

    @Test
    void theFirstEventOfAnAccountAlreadyInTheBatchEndsIt() {
        Batch batch = new Batch();
        Event a1 = login("a", 1);
        Event b1 = login("b", 2);
        Event a2 = login("a", 3);
        batch.add(a1);
        batch.add(b1);
        assertThat(batch.wantsMore(64)).isTrue();
        batch.add(a2);
        assertThat(batch.wantsMore(64)).as("nothing is taken past the event held back").isFalse();
        assertThat(batch.events()).containsExactly(a1, b1);

        // b finishing does not let a's next event in; a finishing does, behind what is still there.
        batch.finished(b1);
        assertThat(batch.events()).containsExactly(a1);
        assertThat(batch.wantsMore(64)).isFalse();
        Event c1 = login("c", 4);
        batch.finished(a1);
        assertThat(batch.events()).containsExactly(a2);
        assertThat(batch.wantsMore(64)).isTrue();
        batch.add(c1);
        assertThat(batch.events()).containsExactly(a2, c1);
        assertThat(batch.first()).isSameAs(a2);
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
