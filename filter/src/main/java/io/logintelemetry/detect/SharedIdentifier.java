package io.logintelemetry.detect;

import io.logintelemetry.event.Event;
import io.logintelemetry.flag.Evidence;
import io.logintelemetry.flag.Severity;
import io.logintelemetry.flag.Signal;
import io.logintelemetry.state.KeyAccounts;
import java.util.ArrayList;
import java.util.List;

/**
 * The shape both shared-identifier signals share: one keyed-hashed identifier used by several
 * accounts raises one finding per account, each naming the others and the identifier's short hash.
 */
final class SharedIdentifier {

    /** Flags are about a fact that does not age; the score window decides how long one counts. */
    static final long WINDOW = 30L * 86_400_000L;

    private SharedIdentifier() {
    }

    /**
     * @param what    the identifier in the summary: "one identity document", "one payout account"
     * @param name    its evidence key: "document", "payout_account"
     * @param grows   whether the severity rises one step at twice the limit
     */
    static void evaluate(Signal signal, Event event, String hash, KeyAccounts key, int limit, Severity base,
                         boolean grows, String what, String name, List<Finding> out) {
        int count = key.count();
        if (count < limit) {
            return;
        }
        List<String> accounts = key.accounts();
        Severity severity = grows ? Wording.severity(base, count, limit) : base;
        String summary = count + " accounts with " + what + " (limit " + limit + ")";
        Evidence common = Evidence.builder()
                .put(name, Wording.shortHash(hash))
                .put("accounts_count", count)
                .put("limit", limit)
                .build();
        for (String account : accounts) {
            List<String> others = new ArrayList<>(accounts);
            others.remove(account);
            boolean raiser = account.equals(event.account());
            out.add(new Finding(signal, account, severity, count, WINDOW, summary,
                    Evidence.builder().putAll(common).accounts("other_accounts", others).build(),
                    raiser && event.ip() != null ? event.ip().toString() : null, null, raiser ? event.device() : null));
        }
    }
}
