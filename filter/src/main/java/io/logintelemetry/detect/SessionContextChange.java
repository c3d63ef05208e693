package io.logintelemetry.detect;

import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.event.Event;
import io.logintelemetry.flag.Evidence;
import io.logintelemetry.flag.Severity;
import io.logintelemetry.flag.Signal;
import io.logintelemetry.state.SessionState;
import java.util.List;

/**
 * {@code session.context_change}, user agent rule: a session that started in one browser family is
 * used from another mid-way (a copied session cookie, a hand-over). Reported once per session, on
 * the request that changed it. The network rule (ASN or country change) needs IP intelligence.
 */
public final class SessionContextChange implements Detector.OfSession {

    private final Severity severity;

    public SessionContextChange(LoginTelemetryConfig config) {
        this.severity = config.detector(signal()).severity();
    }

    @Override
    public Signal signal() {
        return Signal.SESSION_CONTEXT_CHANGE;
    }

    @Override
    public void evaluate(Event event, SessionState session, List<Finding> out) {
        if (!session.changedJustNow() || session.account() == null) {
            return;
        }
        long age = event.timestamp() - session.firstUse();
        Evidence evidence = Evidence.builder()
                .put("rule", "user_agent")
                .put("from_agent", session.startFamily())
                .put("to_agent", session.changedFamily())
                .put("from_network", session.startNetwork() == null ? null : session.startNetwork().toString())
                .put("to_network", session.changedNetwork() == null ? null : session.changedNetwork().toString())
                .put("session_age_minutes", Wording.minutes(age))
                .build();
        out.add(new Finding(signal(), session.account(), severity, 1, 0,
                "session started on " + session.startFamily() + " continued on " + session.changedFamily()
                        + " after " + Wording.duration(age),
                evidence, event.ip() == null ? null : event.ip().toString(), session.id(), event.device()));
    }
}
