package io.logintelemetry.export.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void waitsDoubleWithJitterUpToTheCap() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));
        for (int i = 0; i < 200; i++) {
            assertThat(b.delayMillis(1)).isBetween(50L, 100L);
            assertThat(b.delayMillis(2)).isBetween(100L, 200L);
            assertThat(b.delayMillis(4)).isBetween(400L, 800L);
            assertThat(b.delayMillis(6)).isBetween(1_000L, 2_000L); // 3.2 s capped at 2 s
            assertThat(b.delayMillis(1_000)).isBetween(1_000L, 2_000L); // no overflow
        }
    }

    @Test
    void theJitterSpreadsTheWaits() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5));
        long distinct = java.util.stream.IntStream.range(0, 100).mapToLong(i -> b.delayMillis(3)).distinct().count();
        assertThat(distinct).isGreaterThan(50);
    }
}
