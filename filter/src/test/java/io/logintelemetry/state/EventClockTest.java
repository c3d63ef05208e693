package io.logintelemetry.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EventClockTest {

    @Test
    void startsBeforeAnyEventAndReadsZeroNanosUntilThen() {
        EventClock clock = new EventClock();

        assertThat(clock.nowMillis()).isEqualTo(Long.MIN_VALUE);
        assertThat(clock.read()).isZero();
    }

    @Test
    void movesForwardOnlyAndTicksInNanos() {
        EventClock clock = new EventClock();

        clock.advanceTo(1_000);
        clock.advanceTo(5_000);
        clock.advanceTo(3_000); // an older event, e.g. clock skew between nodes
        clock.advanceTo(5_000);

        assertThat(clock.nowMillis()).isEqualTo(5_000);
        assertThat(clock.read()).isEqualTo(5_000_000_000L);
    }

    @Test
    void threadsRacingEndAtTheLatestTimeAnyOfThemSaw() throws InterruptedException {
        EventClock clock = new EventClock();
        int threads = 4;
        int perThread = 100_000;
        AtomicLong wentBack = new AtomicLong();
        Racers.race(threads, offset -> {
            for (int i = 0; i < perThread; i++) {
                // Interleaved times, each thread's own maximum different.
                long time = (long) i * threads + offset;
                clock.advanceTo(time);
                if (clock.nowMillis() < time) {
                    wentBack.incrementAndGet();
                }
            }
        });

        assertThat(wentBack).as("reads behind a time the same thread had just advanced to").hasValue(0);
        assertThat(clock.nowMillis()).isEqualTo((long) (perThread - 1) * threads + threads - 1);
    }
}
