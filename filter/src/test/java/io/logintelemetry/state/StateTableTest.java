package io.logintelemetry.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The open-addressing table behind the in-memory store: a map under churn, bounded, expiring by event time. */
class StateTableTest {

    private static final long T0 = 1_772_000_000_000L;

    /** A value that knows its key, as the store's account and session states do. */
    record Box(String id) {
    }

    private static final StateTable.Keys<String, Box> KEYS = new StateTable.Keys<>() {
        @Override
        public long first(String key) {
            return key.hashCode();
        }

        @Override
        public long second(String key) {
            return 0;
        }

        @Override
        public boolean wide() {
            return false;
        }

        @Override
        public boolean matches(Box value, String key) {
            return value.id().equals(key);
        }
    };

    @Test
    void behavesAsAMapUnderRandomInsertsAndRemovalsIncludingEqualHashes() {
        EventClock clock = new EventClock();
        clock.advanceTo(T0);
        List<Box> dropped = new ArrayList<>();
        StateTable<String, Box> table = new StateTable<>(100_000, 3_600_000, clock, KEYS, Box::new, dropped::add);
        Map<String, Box> reference = new HashMap<>();
        SplittableRandom random = new SplittableRandom(7);
        for (int step = 0; step < 200_000; step++) {
            // "Aa" and "BB" have the same String hash: keys built from them collide in pairs.
            String key = (random.nextBoolean() ? "Aa" : "BB") + random.nextInt(3_000);
            if (random.nextInt(4) == 0) {
                Box removed = table.remove(key);
                assertThat(removed).isSameAs(reference.remove(key));
            } else {
                Box got = table.get(key);
                Box expected = reference.computeIfAbsent(key, k -> got);
                assertThat(got).isSameAs(expected);
                assertThat(got.id()).isEqualTo(key);
            }
        }
        assertThat(table.size()).isEqualTo(reference.size());
        for (Map.Entry<String, Box> e : reference.entrySet()) {
            assertThat(table.getIfPresent(e.getKey())).isSameAs(e.getValue());
        }
        assertThat(table.getIfPresent("never")).isNull();
    }

    @Test
    void concurrentReadersAndWritersAlwaysGetTheValueOfTheirKey() throws Exception {
        EventClock clock = new EventClock();
        clock.advanceTo(T0);
        StateTable<String, Box> table = new StateTable<>(2_000, 3_600_000, clock, KEYS, Box::new, b -> { });
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int seed = t;
            threads.add(new Thread(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                try {
                    for (int step = 0; step < 200_000; step++) {
                        // More keys than the bound: lookups race with inserts, evictions and removals.
                        String key = (random.nextBoolean() ? "Aa" : "BB") + random.nextInt(3_000);
                        int op = random.nextInt(10);
                        if (op == 0) {
                            table.remove(key);
                        } else {
                            Box got = op == 1 ? table.getIfPresent(key) : table.get(key);
                            if (got != null && !got.id().equals(key)) {
                                throw new AssertionError("asked " + key + ", got " + got.id());
                            }
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(60_000);
        }
        assertThat(failures).isEmpty();
        assertThat(table.size()).isLessThanOrEqualTo(2_000);
    }

    @Test
    void staysWithinItsBoundAndDropsTheEntriesIdleLongest() {
        EventClock clock = new EventClock();
        List<Box> dropped = new ArrayList<>();
        StateTable<String, Box> table = new StateTable<>(5_000, 86_400_000, clock, KEYS, Box::new, dropped::add);
        clock.advanceTo(T0);
        table.get("kept");
        for (int i = 0; i < 50_000; i++) {
            clock.advanceTo(T0 + i * 1000L);
            table.get("k" + i);
            if (i % 100 == 0) {
                table.get("kept"); // in steady use
            }
            assertThat(table.size()).isLessThanOrEqualTo(5_000);
        }
        assertThat(table.getIfPresent("kept")).isNotNull();
        assertThat(table.getIfPresent("k0")).isNull();
        assertThat(dropped).hasSizeGreaterThanOrEqualTo(45_000);
    }

    @Test
    void holdsExactlyItsBoundBeforeDroppingAnything() {
        // Segments must not fill before the table does: 100,000 accounts fit a bound of 100,000.
        EventClock clock = new EventClock();
        clock.advanceTo(T0);
        List<Box> dropped = new ArrayList<>();
        StateTable<String, Box> table = new StateTable<>(100_000, 86_400_000, clock, KEYS, Box::new, dropped::add);
        for (int i = 0; i < 100_000; i++) {
            table.get("user" + i + "@example.com");
        }
        assertThat(dropped).isEmpty();
        assertThat(table.size()).isEqualTo(100_000);
        table.get("one more");
        assertThat(dropped).hasSize(1);
        assertThat(table.size()).isEqualTo(100_000);
    }

    @Test
    void anEntryIdleForTheExpiryIsGoneAndReportedDropped() {
        EventClock clock = new EventClock();
        List<Box> dropped = new ArrayList<>();
        StateTable<String, Box> table = new StateTable<>(1_000, 60_000, clock, KEYS, Box::new, dropped::add);
        clock.advanceTo(T0);
        Box first = table.get("a");
        table.get("b");
        clock.advanceTo(T0 + 59_000);
        assertThat(table.getIfPresent("a")).isSameAs(first); // a use: "a" lives on, "b" does not
        clock.advanceTo(T0 + 61_000);
        assertThat(table.size()).isEqualTo(1);
        assertThat(dropped).extracting(Box::id).containsExactly("b");
        clock.advanceTo(T0 + 200_000);
        Box second = table.get("a");
        assertThat(second).isNotSameAs(first);
        assertThat(dropped).extracting(Box::id).containsExactly("b", "a");
    }
    @Test
    void aUseRecordedLateNeverCostsAnEntryMoreThanTheLagOfItsExpiry() {
        // Lock-free look-ups record a use only once the recorded one is MAX_USE_LAG_SECONDS old, so an
        // entry may expire that much early after its last use, never more (the stores' margins cover it).
        EventClock clock = new EventClock();
        long expiry = 10 * 3_600_000L;
        long lag = StateTable.MAX_USE_LAG_SECONDS * 1000L;
        StateTable<String, Box> table = new StateTable<>(1_000, expiry, clock, KEYS, Box::new, b -> { });
        clock.advanceTo(T0);
        Box a = table.get("a");
        Box b = table.get("b");
        clock.advanceTo(T0 + lag); // a use of each within the lag: found, not recorded
        assertThat(table.getIfPresent("a")).isSameAs(a);
        assertThat(table.getIfPresent("b")).isSameAs(b);
        clock.advanceTo(T0 + expiry - 1_000);
        assertThat(table.getIfPresent("a")).isSameAs(a); // alive until the expiry minus the lag after its last use
        clock.advanceTo(T0 + expiry + 1_000);
        assertThat(table.getIfPresent("b")).isNull(); // gone: its last use, T0 + lag, was not recorded
        assertThat(table.getIfPresent("a")).isSameAs(a); // the use at T0 + expiry - 1 s was
    }
}
