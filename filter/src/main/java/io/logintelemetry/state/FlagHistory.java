package io.logintelemetry.state;

import io.logintelemetry.flag.Severity;
import io.logintelemetry.flag.Signal;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
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

    // ---- binary form (StateCodec); the owning account holds its monitor ----

    void write(DataOutput out) throws IOException {
        int n = 0;
        for (long at : raisedAt) {
            n += at == Long.MIN_VALUE ? 0 : 1;
        }
        out.writeInt(n);
        // By signal id: a signal added in a later release must not shift the others.
        for (Signal s : Signal.values()) {
            int i = s.ordinal();
            if (raisedAt[i] != Long.MIN_VALUE) {
                StateCodec.writeString(out, s.id());
                out.writeLong(raisedAt[i]);
                out.writeLong(magnitude[i]);
                StateCodec.writeEnum(out, Severity.values()[severity[i]]);
            }
        }
    }

    static FlagHistory read(DataInput in) throws IOException {
        FlagHistory h = new FlagHistory();
        int n = StateCodec.readCount(in, StateCodec.MAX_ENTRIES);
        for (int k = 0; k < n; k++) {
            String id = StateCodec.readString(in);
            long at = in.readLong();
            long mag = in.readLong();
            Severity sev = StateCodec.readEnum(in, Severity.class);
            StateCodec.check(sev != null, "missing severity");
            // A signal this release does not know (written by a newer one) is skipped.
            Signal.fromId(id).ifPresent(s -> {
                h.raisedAt[s.ordinal()] = at;
                h.magnitude[s.ordinal()] = mag;
                h.severity[s.ordinal()] = (byte) sev.ordinal();
            });
        }
        return h;
    }
}
