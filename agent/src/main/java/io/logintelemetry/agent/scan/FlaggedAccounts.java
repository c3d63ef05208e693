package io.logintelemetry.agent.scan;

import io.logintelemetry.engine.AccountSummary;
import io.logintelemetry.engine.Engine;
import io.logintelemetry.flag.RiskLevel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The accounts a scan flagged, each with its summary at the highest score it reached.
 *
 * <p>An account's score counts only the flags within the score window before "now", so at the end
 * of a scan over months of history an account flagged early would look clean again. A scan report
 * is about what happened in the file, so it shows each account at its peak; the peak is always right
 * after a flag, which is when we take the snapshot. Only flagged accounts are kept, so memory grows
 * with the findings, not with the input.
 */
final class FlaggedAccounts {

    /** Highest score first; equal scores by account id, so the report is deterministic. */
    static final Comparator<AccountSummary> REPORT_ORDER = Comparator.comparingInt(AccountSummary::score).reversed()
            .thenComparing(AccountSummary::account);

    private final Map<String, AccountSummary> peaks = new HashMap<>();

    /** Records the account's state right after it was flagged. */
    void flagged(Engine engine, String account) {
        AccountSummary now = engine.summarize(account);
        if (now == null) {
            return;
        }
        AccountSummary peak = peaks.get(account);
        if (peak == null || now.score() >= peak.score()) {
            peaks.put(account, now);
        }
    }

    /**
     * The accounts in report order, with first and last seen and the linked group brought up to the
     * end of the scan (a group only grows).
     */
    List<AccountSummary> inReportOrder(Engine engine) {
        List<AccountSummary> result = new ArrayList<>(peaks.size());
        for (AccountSummary peak : peaks.values()) {
            AccountSummary end = engine.summarize(peak.account());
            result.add(end == null ? peak : new AccountSummary(peak.account(), peak.score(), peak.level(),
                    peak.signals(), end.firstSeen(), end.lastSeen(), end.linkedAccounts()));
        }
        result.sort(REPORT_ORDER);
        return result;
    }

    /** Accounts per level, counting every seen account that was never flagged as low. */
    Map<RiskLevel, Long> levels(long accountsSeen) {
        Map<RiskLevel, Long> byLevel = new EnumMap<>(RiskLevel.class);
        for (RiskLevel l : RiskLevel.values()) {
            byLevel.put(l, 0L);
        }
        for (AccountSummary a : peaks.values()) {
            byLevel.merge(a.level(), 1L, Long::sum);
        }
        byLevel.merge(RiskLevel.LOW, Math.max(0, accountsSeen - peaks.size()), Long::sum);
        return byLevel;
    }
}
