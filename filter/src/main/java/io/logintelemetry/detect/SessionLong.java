package io.logintelemetry.detect;

import io.logintelemetry.config.ConfigKeys;
import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.event.Event;
import io.logintelemetry.flag.Evidence;
import io.logintelemetry.flag.Severity;
import io.logintelemetry.flag.Signal;
import io.logintelemetry.state.SessionState;
import java.util.List;

/** {@code session.long}: one session active, first to last request, for longer than the limit. */
public final class SessionLong implements Detector.OfSession {

    private final long maxDuration;
    private final Severity severity;

    public SessionLong(LoginTelemetryConfig config) {
        this.maxDuration = config.get(ConfigKeys.SESSION_LONG_MAX_DURATION).toMillis();
        this.severity = config.detector(signal()).severity();
    }

    @Override
    public Signal signal() {
        return Signal.SESSION_LONG;
    }

    @Override
    public void evaluate(Event event, SessionState session, List<Finding> out) {
        long duration = session.lastUse() - session.firstUse();
        if (duration <= maxDuration || session.account() == null) {
            return;
        }
        Evidence evidence = Evidence.builder()
                .put("duration_minutes", Wording.minutes(duration))
                .put("limit_minutes", Wording.minutes(maxDuration))
                .put("first_use", Wording.instant(session.firstUse()))
                .put("last_use", Wording.instant(session.lastUse()))
                .build();
        out.add(new Finding(signal(), session.account(), Wording.severity(severity, duration, maxDuration),
                Wording.hours(duration), maxDuration,
                "one session active for " + Wording.duration(duration) + " (limit " + Wording.duration(maxDuration) + ")",
                evidence, event.ip() == null ? null : event.ip().toString(), event.session(), event.device()));
    }
}
