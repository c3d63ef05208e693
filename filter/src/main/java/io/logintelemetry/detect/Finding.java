package io.logintelemetry.detect;

import io.logintelemetry.flag.Evidence;
import io.logintelemetry.flag.Severity;
import io.logintelemetry.flag.Signal;
import java.util.Objects;

/**
 * What a detector found: a candidate flag. The engine turns it into a {@link io.logintelemetry.flag.Flag}
 * only if it is news for the account (first time, evidence grown, or window moved on).
 *
 * @param signal    the signal
 * @param account   the account it is about
 * @param severity  severity for this finding
 * @param magnitude size of the evidence (networks, accounts, hours...): growth makes a new flag
 * @param window    the detector's window in ms: a finding this long after the last flag is news
 *                  again; 0 for one-off events that are news each time (a session changing hands)
 * @param summary   one sentence built from the evidence
 * @param evidence  the facts behind it
 * @param ip        the IP involved, or null
 * @param session   the session involved, or null
 * @param device    the device involved, or null
 */
public record Finding(Signal signal, String account, Severity severity, long magnitude, long window,
                      String summary, Evidence evidence, String ip, String session, String device) {

    public Finding {
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(evidence, "evidence");
    }
}
