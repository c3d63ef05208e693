package io.logintelemetry.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.net.IpAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A tagged table, as the store keeps IPv4 addresses: an address seen by one account holds that
 * account's tag and id until a second account makes it a set.
 */
class TaggedStateTableTest {

    private static final long T0 = 1_772_000_000_000L;
    private static final long HOUR = 3_600_000L;

    private final EventClock clock = new EventClock();
    private final List<AccountSet> dropped = new ArrayList<>();

    private StateTable<IpAddress, AccountSet> table(int maximumSize) {
        clock.advanceTo(T0);
        return new StateTable<>(maximumSize, 24 * HOUR, clock, InMemoryStateStore.IPV4_KEYS, ip -> new AccountSet(16), dropped::add,
                (single, seen) -> AccountSet.of(16, (String) single, seen));
    }

    private static IpAddress ip(int i) {
        return IpAddress.ofV4(0x0A00_0000 + i);
    }

    @Test
    void anAddressOfOneAccountIsReadByItsTagAlone() {
        StateTable<IpAddress, AccountSet> table = table(1_000);

        assertThat(table.readTagged(ip(1), 11, clock.nowMillis())).as("absent").isNull();
        assertThat(table.getTagged(ip(1), 11, "alice", clock.nowMillis())).as("put for alice").isNull();
        assertThat(table.readTagged(ip(1), 11, clock.nowMillis())).isSameAs(StateTable.OURS);
        assertThat(table.getTagged(ip(1), 11, "alice", clock.nowMillis())).isNull();
        assertThat(table.readTagged(ip(1), 22, clock.nowMillis())).as("another account's tag").isNull();
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void aSecondAccountMakesItASetHoldingTheFirstWithItsLastSighting() {
        StateTable<IpAddress, AccountSet> table = table(1_000);
        table.getTagged(ip(1), 11, "alice", clock.nowMillis());
        clock.advanceTo(T0 + 5 * HOUR);
        assertThat(table.readTagged(ip(1), 11, clock.nowMillis())).isSameAs(StateTable.OURS); // alice again, 5 h later
        clock.advanceTo(T0 + 6 * HOUR);

        AccountSet set = table.getTagged(ip(1), 22, "bob", clock.nowMillis());

        assertThat(set).isNotNull();
        assertThat(set.accountsSince(Long.MIN_VALUE)).containsExactly("alice");
        assertThat(set.latest()).as("alice's last sighting, not her first").isEqualTo(T0 + 5 * HOUR);
        set.add("bob", T0 + 6 * HOUR);
        assertThat(table.readTagged(ip(1), 11, clock.nowMillis())).as("a set now, for alice too").isSameAs(set);
        assertThat(table.get(ip(1))).isSameAs(set);
        assertThat(table.getTagged(ip(1), 11, "alice", clock.nowMillis())).isSameAs(set);
    }

    @Test
    void aLateSightingLeavesTheLatestOneAndARemovedSingleLeavesAsASet() {
        StateTable<IpAddress, AccountSet> table = table(1_000);
        clock.advanceTo(T0 + 2 * HOUR); // as the engine does: the clock is at least the event's time
        table.getTagged(ip(1), 11, "alice", T0 + 2 * HOUR);
        clock.advanceTo(T0 + 3 * HOUR);
        assertThat(table.readTagged(ip(1), 11, T0 + HOUR)).as("late, but still alice's").isSameAs(StateTable.OURS);
        assertThat(table.getTagged(ip(1), 11, "alice", T0)).isNull();

        AccountSet removed = table.remove(ip(1));

        assertThat(removed.accountsSince(Long.MIN_VALUE)).containsExactly("alice");
        assertThat(removed.latest()).as("the latest sighting, not the late ones").isEqualTo(T0 + 2 * HOUR);
        assertThat(table.size()).isZero();
        assertThat(dropped).isEmpty();
    }

    @Test
    void everyOtherAccessSeesASet() {
        StateTable<IpAddress, AccountSet> table = table(1_000);
        table.getTagged(ip(1), 11, "alice", clock.nowMillis());
        table.getTagged(ip(2), 11, "alice", clock.nowMillis());
        table.getTagged(ip(3), 11, "alice", clock.nowMillis());

        List<AccountSet> visited = new ArrayList<>();
        try {
            table.forEachLive((first, second, touched, set) -> visited.add(set));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        assertThat(visited).hasSize(3).allSatisfy(s -> assertThat(s.accountsSince(Long.MIN_VALUE)).containsExactly("alice"));
        assertThat(table.readTagged(ip(1), 11, clock.nowMillis())).as("a visit changes nothing").isSameAs(StateTable.OURS);

        AccountSet viaGet = table.get(ip(1));
        AccountSet viaGetIfPresent = table.getIfPresent(ip(2));
        assertThat(viaGet.accountsSince(Long.MIN_VALUE)).containsExactly("alice");
        assertThat(viaGetIfPresent.accountsSince(Long.MIN_VALUE)).containsExactly("alice");
        assertThat(table.get(ip(1))).as("kept as the set from then on").isSameAs(viaGet);
        assertThat(table.readTagged(ip(2), 11, clock.nowMillis())).isSameAs(viaGetIfPresent);
    }

    @Test
    void anExpiredOrEvictedSingleIsDroppedWithoutTellingOnDrop() {
        StateTable<IpAddress, AccountSet> table = table(1_000);
        table.getTagged(ip(1), 11, "alice", clock.nowMillis());
        AccountSet shared = table.get(ip(2));
        clock.advanceTo(T0 + 26 * HOUR);

        assertThat(table.readTagged(ip(1), 11, clock.nowMillis())).as("expired").isNull();
        assertThat(table.getTagged(ip(1), 22, "bob", clock.nowMillis())).as("a fresh single for bob").isNull();
        assertThat(table.readTagged(ip(1), 22, clock.nowMillis())).isSameAs(StateTable.OURS);
        assertThat(table.size()).isEqualTo(1); // the expired set of ip(2) swept
        assertThat(dropped).containsExactly(shared);
    }

    @Test
    void behavesAsAMapOfSinglesAndSetsThroughGrowthAndRemoval() {
        StateTable<IpAddress, AccountSet> table = table(5_000);
        Map<Integer, String> singles = new HashMap<>();
        Map<Integer, AccountSet> sets = new HashMap<>();
        SplittableRandom random = new SplittableRandom(3);
        for (int step = 0; step < 100_000; step++) {
            int i = random.nextInt(4_000);
            long tag = 1 + random.nextInt(3);
            String account = "acct-" + tag;
            int action = random.nextInt(10);
            if (action == 0) {
                table.remove(ip(i));
                singles.remove(i);
                sets.remove(i);
            } else if (sets.containsKey(i)) {
                assertThat(table.getTagged(ip(i), tag, account, clock.nowMillis())).isSameAs(sets.get(i));
            } else if (singles.containsKey(i)) {
                AccountSet got = table.getTagged(ip(i), tag, account, clock.nowMillis());
                if (singles.get(i).equals(account)) {
                    assertThat(got).isNull();
                    assertThat(table.readTagged(ip(i), tag, clock.nowMillis())).isSameAs(StateTable.OURS);
                } else {
                    assertThat(got.accountsSince(Long.MIN_VALUE)).containsExactly(singles.remove(i));
                    sets.put(i, got);
                }
            } else {
                assertThat(table.getTagged(ip(i), tag, account, clock.nowMillis())).isNull();
                singles.put(i, account);
            }
        }
        assertThat(table.size()).isEqualTo(singles.size() + sets.size());
        for (Map.Entry<Integer, String> e : singles.entrySet()) {
            long tag = Long.parseLong(e.getValue().substring(5));
            assertThat(table.readTagged(ip(e.getKey()), tag, clock.nowMillis())).as("single %s", e.getKey()).isSameAs(StateTable.OURS);
        }
        for (Map.Entry<Integer, AccountSet> e : sets.entrySet()) {
            assertThat(table.getIfPresent(ip(e.getKey()))).isSameAs(e.getValue());
        }
    }

    @Test
    void aFullTableEvictsSinglesToo() {
        StateTable<IpAddress, AccountSet> table = table(100);
        for (int i = 0; i < 300; i++) {
            clock.advanceTo(T0 + i * 1000L);
            assertThat(table.getTagged(ip(i), 11, "alice", clock.nowMillis())).isNull();
        }

        assertThat(table.size()).isLessThanOrEqualTo(100);
        assertThat(dropped).as("singles are no sets: nothing to retire").isEmpty();
        assertThat(table.readTagged(ip(299), 11, clock.nowMillis())).as("the newest is kept").isSameAs(StateTable.OURS);
    }
}
