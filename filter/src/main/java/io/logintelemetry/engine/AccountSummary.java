package io.logintelemetry.engine;

import io.logintelemetry.flag.RiskLevel;
import io.logintelemetry.flag.Signal;
import java.util.List;

/**
 * An account as a report shows it.
 *
 * @param account   the account id
 * @param score     0-100
 * @param level     low, medium or high
 * @param signals   signals flagged within the score window
 * @param firstSeen epoch ms of its first event
 * @param lastSeen  epoch ms of its last event
 * @param linkedAccounts the other accounts of its linked group (FLAGS.md), empty without links
 */
public record AccountSummary(String account, int score, RiskLevel level, List<Signal> signals, long firstSeen,
                             long lastSeen, List<String> linkedAccounts) {

    public AccountSummary {
        linkedAccounts = linkedAccounts == null ? List.of() : List.copyOf(linkedAccounts);
    }

    /** An account without a linked group. */
    public AccountSummary(String account, int score, RiskLevel level, List<Signal> signals, long firstSeen, long lastSeen) {
        this(account, score, level, signals, firstSeen, lastSeen, List.of());
    }
}
