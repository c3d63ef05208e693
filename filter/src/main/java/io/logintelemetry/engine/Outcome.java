package io.logintelemetry.engine;

import io.logintelemetry.action.Action;
import io.logintelemetry.flag.Flag;
import io.logintelemetry.flag.RiskLevel;
import java.util.List;

/**
 * What {@link Engine#decide} made of one event: the flags it raised, and the account's level and
 * inline action right after it. The filter needs all three per request; reading them while the
 * engine holds the account's state saves it two more look-ups of the account.
 *
 * @param flags  the flags raised (usually none)
 * @param level  the account's level as of its last flag; {@link RiskLevel#LOW} without an account
 * @param action the inline action in force at the event's time; {@link Action#LOG} when none
 */
public record Outcome(List<Flag> flags, RiskLevel level, Action action) {

    /** The outcomes without flags, shared: the common case allocates nothing. */
    private static final Outcome[][] QUIET = new Outcome[RiskLevel.values().length][Action.values().length];

    static {
        for (RiskLevel l : RiskLevel.values()) {
            for (Action a : Action.values()) {
                QUIET[l.ordinal()][a.ordinal()] = new Outcome(List.of(), l, a);
            }
        }
    }

    /** No account, no flags. */
    static final Outcome NONE = QUIET[RiskLevel.LOW.ordinal()][Action.LOG.ordinal()];

    static Outcome of(List<Flag> flags, RiskLevel level, Action action) {
        return flags.isEmpty() ? QUIET[level.ordinal()][action.ordinal()] : new Outcome(flags, level, action);
    }
}
