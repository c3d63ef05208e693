package io.logintelemetry.flag;

import io.logintelemetry.action.Action;
import java.util.Objects;

/**
 * A raised flag (FLAGS.md): one record shape for the JSON log, the scan output, the exporters and
 * the request attribute.
 *
 * @param id        random unique id, for de-duplication downstream
 * @param signal    the signal that fired
 * @param severity  how much it weighs
 * @param timestamp event time (epoch ms) at which the evidence completed
 * @param account   the account the flag is about
 * @param ip        client IP of the raising event, or null
 * @param session   session of the raising event, or null
 * @param device    device of the raising event, or null
 * @param summary   one sentence an analyst can read, built from the evidence
 * @param evidence  the facts behind it
 * @param action    what is done inline for this flag
 * @param node      the host/instance that raised it, or null in the offline scan
 */
public record Flag(
        String id,
        Signal signal,
        Severity severity,
        long timestamp,
        String account,
        String ip,
        String session,
        String device,
        String summary,
        Evidence evidence,
        Action action,
        String node) {

    public Flag {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(action, "action");
    }
}
