package io.logintelemetry.export;

import io.logintelemetry.action.Action;
import io.logintelemetry.flag.Evidence;
import io.logintelemetry.flag.Flag;
import io.logintelemetry.flag.Severity;
import io.logintelemetry.flag.Signal;
import java.util.List;

/** Flags for the export tests: plain ones, and one whose every text field is hostile. */
public final class TestFlags {

    /** 2026-03-01T12:34:56.789Z */
    public static final long TS = 1_772_368_496_789L;

    /** Every character that could end a record or forge another: CR/LF, pipe, equals, backslash, NUL, TAB, an unpaired surrogate. */
    public static final String HOSTILE = "a|b=c\\d\r\nCEF:0|forged|x=1\u0000\tend^\uD800!";

    private TestFlags() {
    }

    public static Flag plain(String id, String account, String ip) {
        return new Flag(id, Signal.IP_CHURN, Severity.MEDIUM, TS, account, ip, "sess-1", "dev-1",
                "5 networks in 38 min (limit 4 in 60 min) for " + account + ", last from " + ip,
                Evidence.builder().put("networks_count", 5).put("limit", 4).put("window_minutes", 60)
                        .list("networks", List.of("203.0.113.0/24", "198.51.100.0/24")).put("ip", ip).build(),
                Action.LOG, "node-1");
    }

    public static Flag hostile() {
        return new Flag("id-" + HOSTILE, Signal.IP_FANOUT, Severity.HIGH, TS, "user" + HOSTILE, "203.0.113.7",
                "session" + HOSTILE, "device" + HOSTILE, "summary " + HOSTILE,
                Evidence.builder().put("text", HOSTILE).put("accounts_count", 6)
                        .list("other_accounts", List.of("u2" + HOSTILE, "u3")).put("ratio", 0.5).put("shared", true).build(),
                Action.MARK, "node" + HOSTILE);
    }
}
