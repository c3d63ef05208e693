package io.logintelemetry.export.pseudonym;

import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.action.Action;
import io.logintelemetry.export.TestFlags;
import io.logintelemetry.export.format.CefFormat;
import io.logintelemetry.export.format.EcsFormat;
import io.logintelemetry.export.format.JsonFormat;
import io.logintelemetry.export.format.LeefFormat;
import io.logintelemetry.flag.Evidence;
import io.logintelemetry.flag.Flag;
import io.logintelemetry.flag.Severity;
import io.logintelemetry.flag.Signal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PseudonymiserTest {

    private static final byte[] KEY = "test-key-0123456789-abcdef".getBytes(StandardCharsets.UTF_8);
    private final Pseudonymiser p = new Pseudonymiser(KEY, false);

    private static Flag travel() {
        return new Flag("f-1", Signal.GEO_IMPOSSIBLE_TRAVEL, Severity.MEDIUM, TestFlags.TS, "alice", "2001:db8:1:2::7", null, null,
                "alice logged in from 203.0.113.7 then 2001:db8:1:2::7 (9000 km in 1 h)",
                Evidence.builder().put("from_ip", "203.0.113.7").put("to_ip", "2001:db8:1:2::7")
                        .put("from_network", "203.0.113.0/24").put("distance_km", 9000)
                        .list("other_accounts", List.of("bob", "carol")).put("note", "seen with bob at 198.51.100.9").build(),
                Action.LOG, "node-1");
    }

    @Test
    void accountAndAddressesAreReplacedEverywhere() {
        Flag out = p.apply(travel());
        assertThat(out.account()).isEqualTo(p.account("alice")).matches("acct_[0-9a-f]{32}");
        assertThat(out.ip()).isEqualTo(p.ip("2001:db8:1:2::7")).matches("ip_[0-9a-f]{32}");
        assertThat(out.summary()).isEqualTo(p.account("alice") + " logged in from " + p.ip("203.0.113.7") + " then "
                + p.ip("2001:db8:1:2::7") + " (9000 km in 1 h)");
        assertThat(out.evidence().get("from_ip")).isEqualTo(p.ip("203.0.113.7"));
        assertThat(out.evidence().get("from_network")).isEqualTo(p.ip("203.0.113.0/24"));
        assertThat(out.evidence().get("other_accounts")).isEqualTo(List.of(p.account("bob"), p.account("carol")));
        assertThat(out.evidence().get("other_accounts_total")).isEqualTo(2L);
        assertThat(out.evidence().get("distance_km")).isEqualTo(9000L);
        assertThat(out.evidence().get("note")).isEqualTo("seen with " + p.account("bob") + " at " + p.ip("198.51.100.9"));
        assertThat(out.id()).isEqualTo("f-1");
        assertThat(out.node()).isEqualTo("node-1");
    }

    @Test
    void noFormatLeaksTheOriginalValues() {
        Flag out = p.apply(travel());
        for (String record : List.of(new CefFormat().format(out), new LeefFormat().format(out), new EcsFormat().format(out),
                new JsonFormat().format(out))) {
            assertThat(record).doesNotContain("alice", "bob", "carol", "203.0.113", "2001:db8", "198.51.100");
        }
    }

    @Test
    void theSameKeyGivesTheSamePseudonymsAnotherKeyOthers() {
        Pseudonymiser same = new Pseudonymiser(KEY.clone(), false);
        Pseudonymiser other = new Pseudonymiser("another-key-0123456789".getBytes(StandardCharsets.UTF_8), false);
        assertThat(same.account("alice")).isEqualTo(p.account("alice"));
        assertThat(same.apply(travel())).isEqualTo(p.apply(travel()));
        assertThat(other.account("alice")).isNotEqualTo(p.account("alice"));
        // An account named like an address does not share the address's pseudonym.
        assertThat(p.account("203.0.113.7")).isNotEqualTo(p.ip("203.0.113.7").replace("ip_", "acct_"));
        // Equal addresses written differently are one address.
        assertThat(p.ip("2001:DB8:1:2:0:0:0:7")).isEqualTo(p.ip("2001:db8:1:2::7"));
    }

    @Test
    void truncationGivesOnePseudonymPerNetwork() {
        Pseudonymiser t = new Pseudonymiser(KEY, true);
        assertThat(t.ip("203.0.113.7")).isEqualTo(t.ip("203.0.113.200")).isEqualTo(t.ip("203.0.113.0/24"));
        assertThat(t.ip("203.0.114.7")).isNotEqualTo(t.ip("203.0.113.7"));
        assertThat(t.ip("2001:db8:1:2::7")).isEqualTo(t.ip("2001:db8:1:ffff::1"));
        assertThat(t.ip("2001:db8:2::1")).isNotEqualTo(t.ip("2001:db8:1::1"));
        assertThat(p.ip("203.0.113.7")).isNotEqualTo(p.ip("203.0.113.200"));
    }

    @Test
    void aShortAccountIsReplacedOnlyAsAWholeWord() {
        Flag flag = new Flag("f", Signal.IP_CHURN, Severity.LOW, 0, "a", null, null, null, "a had 5 networks as a user",
                Evidence.empty(), Action.LOG, null);
        assertThat(p.apply(flag).summary()).isEqualTo(p.account("a") + " had 5 networks as " + p.account("a") + " user");
    }

    @Test
    void untypedAddressesAtTheEndOfASentenceOrWithAPortAreReplacedToo() {
        Flag flag = new Flag("f", Signal.IP_CHURN, Severity.LOW, 0, "alice", null, null, null, "seen from 203.0.113.7.",
                Evidence.builder().put("note", "via 2001:db8::1. then 198.51.100.9:443 and [2001:db8::2]:8443")
                        .put("version", "1.2.3.4.5").put("time", "12:30:45").build(), Action.LOG, null);
        Flag out = p.apply(flag);
        assertThat(out.summary()).isEqualTo("seen from " + p.ip("203.0.113.7") + ".");
        assertThat(out.evidence().get("note")).isEqualTo("via " + p.ip("2001:db8::1") + ". then " + p.ip("198.51.100.9")
                + ":443 and [" + p.ip("2001:db8::2") + "]:8443");
        assertThat(out.evidence().get("version")).as("not an address").isEqualTo("1.2.3.4.5");
        assertThat(out.evidence().get("time")).as("not an address").isEqualTo("12:30:45");
    }

    @Test
    void offLeavesTheFlagAlone() {
        Flag flag = travel();
        assertThat(Pseudonymiser.NONE.apply(flag)).isSameAs(flag);
        assertThat(p.toString()).doesNotContain("test-key");
    }
}
