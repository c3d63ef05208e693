package io.logintelemetry.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The running totals of {@link ActivityRing} always agree with a scan of its buckets, also with shifts
 * recorded into the same array, and its quick shift test agrees with the shift summaries.
 */
class ActivityRingTest {

    private static final long HOUR = 3_600_000L;
    private static final String[] FAMILIES = {"Chrome on Windows", "Firefox on Linux", "Safari on iOS"};

    @Test
    void runningTotalsAndShiftsMatchTheirScansWhateverTheTraffic() {
        Random random = new Random(7);
        for (int run = 0; run < 200; run++) {
            ActivityRing ring = new ActivityRing();
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
                // Shifts share the hour buckets' array: recording them must not disturb the hours.
                ring.recordShift(at, random.nextInt(4) == 0 ? null : FAMILIES[random.nextInt(FAMILIES.length)],
                        random.nextInt(3) == 0 ? "device-" + random.nextInt(2) : null);
                if (step > 0 && step < 20 * HOUR) {
                    ring.addActive(from, t);
                } else if (step < 0) {
                    ring.addActive(at, Math.min(t, at + random.nextInt(900_000)));
                }
                long head = ring.headHour();
                assertThat(ring.activeMillis(head * HOUR + 1, 24)).isEqualTo(ring.scanActiveMillis(head, 24));
                assertThat(ring.activeMillis(head * HOUR + 1, ActivityRing.HOURS)).isEqualTo(ring.scanActiveMillis(head, ActivityRing.HOURS));
                assertThat(ring.distinctHoursOfDay(head * HOUR + 1)).isEqualTo(ring.scanDistinctHoursOfDay(head));
                List<ShiftSummary> shifts = ring.shiftSummaries(head * HOUR + 1);
                for (int minDays = 0; minDays <= 3; minDays++) {
                    int min = minDays;
                    assertThat(ring.allShiftsConsistent(head * HOUR + 1, minDays)).isEqualTo(
                            shifts.stream().allMatch(s -> s.days() >= min && s.consistent()));
                }
            }
        }
    }
    /**
     * The current hour and block live in fields until the head moves on: a ring restored from its
     * binary form at any point, then fed the same traffic, stays byte for byte the same as the original.
     */
    @Test
    void aRingRestoredMidwayKeepsInStepWithTheOriginal() throws IOException {
        Random random = new Random(11);
        for (int run = 0; run < 50; run++) {
            ActivityRing ring = new ActivityRing();
            ActivityRing copy = null;
            long t = 1_772_000_000_000L + random.nextInt(1_000_000);
            int restoreAt = random.nextInt(300);
            for (int i = 0; i < 300; i++) {
                if (i == restoreAt) {
                    copy = new ActivityRing();
                    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes(ring)));
                    copy.readHours(in);
                    if (in.readBoolean()) {
                        copy.readShifts(in);
                    }
                }
                long step = random.nextInt(5) == 0 ? -random.nextInt(30) * HOUR : random.nextInt(3) * HOUR + random.nextInt(900_000);
                long at = t + step;
                t = Math.max(t, at);
                String family = FAMILIES[random.nextInt(FAMILIES.length)];
                long from = at - random.nextInt(10) * 60_000L;
                for (ActivityRing r : copy == null ? List.of(ring) : List.of(ring, copy)) {
                    r.markPresent(at);
                    r.addActive(from, at);
                    r.recordShift(at, family, null);
                }
                if (copy != null) {
                    assertThat(bytes(copy)).isEqualTo(bytes(ring));
                }
            }
        }
    }

    private static byte[] bytes(ActivityRing ring) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(buffer);
        ring.writeHours(out);
        out.writeBoolean(ring.hasShifts());
        if (ring.hasShifts()) {
            ring.writeShifts(out);
        }
        out.flush();
        return buffer.toByteArray();
    }
}
