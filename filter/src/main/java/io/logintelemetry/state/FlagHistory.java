package io.logintelemetry.state;

import io.logintelemetry.flag.Severity;
import io.logintelemetry.flag.Signal;
import java.util.Arrays;

/**
 * Per account and signal: when a flag was last raised, on how much evidence, and at what severity.
 * It decides whether a new finding is news (FLAGS.md: once per account, signal and window) and feeds
 * the account's score. Arrays are indexed by {@link Signal#ordinal()} and created on the first flag,
 * since most accounts never get one. Not thread-safe: the owning {@link AccountState} synchronises.
 */
public final class FlagHistory {

    private static final int SIGNALS = Signal.values().length;

    private final long[] raisedAt = new long[SIGNALS];
    private final long[] magnitude = new long[SIGNALS];
    private final byte[] severity = new byte[SIGNALS];

    FlagHistory() {
        Arrays.fill(raisedAt, Long.MIN_VALUE);
    }

    /**
     * Whether a finding should become a flag, and if so records it. It is news when the signal never
     * fired for this account, when its last flag is at least {@code window} old, when the evidence
     * grew by at least a quarter (at least one), or when the severity rose. Growth by a quarter keeps
     * a CGNAT address with a thousand accounts from raising a thousand flags per account.
     */
    boolean admit(Signal signal, long time, long newMagnitude, Severity newSeverity, long window) {
        int i = signal.ordinal();
        boolean news = raisedAt[i] == Long.MIN_VALUE
                || window == 0
                || time - raisedAt[i] >= window
                || newMagnitude >= magnitude[i] + Math.max(1, magnitude[i] / 4)
                || newSeverity.ordinal() > severity[i];
        if (news) {
            raisedAt[i] = Math.max(raisedAt[i], time);
            magnitude[i] = newMagnitude;
            severity[i] = (byte) newSeverity.ordinal();
        }
        return news;
    }

    /** Time of the signal's last flag, or {@link Long#MIN_VALUE}. */
    long raisedAt(Signal signal) {
        return raisedAt[signal.ordinal()];
    }

    Severity severity(Signal signal) {
        return Severity.values()[severity[signal.ordinal()]];
    }
}
