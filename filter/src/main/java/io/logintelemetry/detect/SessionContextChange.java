package io.logintelemetry.detect;

import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.event.Event;
import io.logintelemetry.flag.Evidence;
import io.logintelemetry.flag.Severity;
import io.logintelemetry.flag.Signal;
import io.logintelemetry.intel.IpInfo;
import io.logintelemetry.state.SessionState;
import java.util.List;

/**
 * {@code session.context_change}: one session used from somewhere else mid-way (a copied session
 * cookie, a hand-over). Two rules, each reported once per session on the request that showed it:
 * <ul>
 *   <li>user agent: the session started in one browser family and goes on in another;</li>
 *   <li>network: the session goes on from another network whose ASN or country also differs
 *       (needs IP intelligence; a phone moving between address blocks of one carrier is no move).</li>
 * </ul>
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
        if (session.account() == null || !session.agentChangedJustNow() && !session.networkMovedJustNow()) {
            return; // the common case: nothing changed, nothing to format
        }
        long age = event.timestamp() - session.firstUse();
        String ip = event.ip() == null ? null : event.ip().toString();
        if (session.agentChangedJustNow()) {
            Evidence evidence = Evidence.builder()
                    .put("rule", "user_agent")
                    .put("from_agent", session.startFamily())
                    .put("to_agent", session.changedFamily())
                    .ip("from_network", session.startNetwork())
                    .ip("to_network", session.changedNetwork())
                    .put("session_age_minutes", Wording.minutes(age))
                    .build();
            out.add(new Finding(signal(), session.account(), severity, 1, 0,
                    "session started on " + session.startFamily() + " continued on " + session.changedFamily()
                            + " after " + Wording.duration(age),
                    evidence, ip, event.session(), event.device()));
        }
        if (session.networkMovedJustNow()) {
            IpInfo from = session.startInfo();
            IpInfo to = session.movedInfo();
            Evidence evidence = Evidence.builder()
                    .put("rule", "network")
                    .ip("from_network", session.startNetwork())
                    .ip("to_network", session.movedNetwork())
                    .put("from_asn", from.asnLabel())
                    .put("to_asn", to.asnLabel())
                    .put("from_country", from.country())
                    .put("to_country", to.country())
                    .put("session_age_minutes", Wording.minutes(age))
                    .put("source", to.source())
                    .build();
            out.add(new Finding(signal(), session.account(), severity, 1, 0,
                    "session started on " + Wording.place(from, session.startNetwork().toString()) + " continued on "
                            + Wording.place(to, session.movedNetwork().toString()) + " after " + Wording.duration(age),
                    evidence, ip, event.session(), event.device()));
        }
    }
}
