package io.logintelemetry.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The running totals of {@link HourRing} always agree with a scan of its buckets. */
class HourRingTest {

    private static final long HOUR = 3_600_000L;

    @Test
    void runningTotalsMatchTheBucketScanWhateverTheTraffic() {
        Random random = new Random(7);
        for (int run = 0; run < 200; run++) {
            HourRing ring = new HourRing();
            long t = 1_772_000_000_000L + random.nextInt(1_000_000);
            for (int i = 0; i < 400; i++) {
                int jump = random.nextInt(10);
                // Mostly small steps, sometimes hours or days, sometimes a straggler from the past.
                long step = jump < 6 ? random.nextInt(900_000) : jump < 8 ? random.nextInt(30) * HOUR
                        : jump < 9 ? random.nextInt(10) * 24 * HOUR : -random.nextInt(40) * HOUR;
                long from = t;
                t = Math.max(t, t + step);
                long at = step < 0 ? from + step : t;
                ring.markPresent(at);
                if (step > 0 && step < 20 * HOUR) {
                    ring.addActive(from, t);
                } else if (step < 0) {
                    ring.addActive(at, Math.min(t, at + random.nextInt(900_000)));
                }
                long head = ring.headHour();
                assertThat(ring.activeMillis(head * HOUR + 1, 24)).isEqualTo(ring.scanActiveMillis(head, 24));
                assertThat(ring.activeMillis(head * HOUR + 1, HourRing.HOURS)).isEqualTo(ring.scanActiveMillis(head, HourRing.HOURS));
                assertThat(ring.distinctHoursOfDay(head * HOUR + 1)).isEqualTo(ring.scanDistinctHoursOfDay(head));
            }
        }
    }
}
