package io.logintelemetry.detect;

import io.logintelemetry.flag.Evidence;
import io.logintelemetry.flag.Severity;
import io.logintelemetry.flag.Signal;
import io.logintelemetry.state.AccountSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The shape both fan-out signals share: one key (IP, device) used by many accounts raises one
 * finding per account, each naming the others.
 */
final class AccountFanout {

    private AccountFanout() {
    }

    /**
     * Whether {@code set} holds at least {@code limit} accounts within {@code window} before
     * {@code now} (or its latest sighting, if later): the allocation-free test every event runs
     * before {@link #evaluate} builds anything.
     */
    static boolean reached(AccountSet set, long now, long window, int limit) {
        return set.countWithin(now, window) >= limit;
    }

    /**
     * Adds a finding for every account seen on {@code set} within {@code window} before
     * {@code now}, if there are at least {@code limit}.
     *
     * @param what   how the key is called in the summary ("one IP address", "one device")
     * @param extras evidence entries specific to the signal, put before the common ones
     */
    static void evaluate(Signal signal, AccountSet set, long now, long window, int limit, Severity base,
                         String what, String ip, String device, Evidence.Builder extras, List<Finding> out) {
        // The window ends at the latest sighting, not at a straggler's older time: otherwise a late
        // event would count both an account that has already left the window and one that joined after.
        now = Math.max(now, set.latest());
        List<String> accounts = set.accountsSince(now - window);
        if (accounts.size() < limit) {
            return;
        }
        Severity severity = Wording.severity(base, accounts.size(), limit);
        String summary = accounts.size() + " accounts on " + what + " within " + Wording.duration(window)
                + " (limit " + limit + ")";
        Evidence common = extras
                .put("accounts_count", accounts.size())
                .put("limit", limit)
                .put("window_minutes", Wording.minutes(window))
                .build();
        for (String account : accounts) {
            List<String> others = new ArrayList<>(accounts);
            others.remove(account);
            Evidence evidence = Evidence.builder().putAll(common).accounts("other_accounts", others).build();
            out.add(new Finding(signal, account, severity, accounts.size(), window, summary, evidence, ip, null, device));
        }
    }
}
