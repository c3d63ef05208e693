package io.logintelemetry.detect;

import io.logintelemetry.config.ConfigKeys;
import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.event.Event;
import io.logintelemetry.flag.Evidence;
import io.logintelemetry.flag.Severity;
import io.logintelemetry.flag.Signal;
import io.logintelemetry.state.AccountState;
import java.util.List;

/**
 * {@code activity.cumulative}: more active time than one person works, in a rolling day or week.
 * Active time is the sum of the gaps between consecutive requests that are at most
 * {@code max-gap} apart, kept in hour buckets by {@link AccountState}.
 */
public final class ActivityCumulative implements Detector.OfAccount {

    private static final long DAY = 24 * 3_600_000L;
    private static final long WEEK = 7 * DAY;

    private final long maxPerDay;
    private final long maxPerWeek;
    private final long maxGap;
    private final Severity severity;

    public ActivityCumulative(LoginTelemetryConfig config) {
        this.maxPerDay = config.get(ConfigKeys.CUMULATIVE_MAX_PER_DAY).toMillis();
        this.maxPerWeek = config.get(ConfigKeys.CUMULATIVE_MAX_PER_WEEK).toMillis();
        this.maxGap = config.get(ConfigKeys.ACTIVITY_MAX_GAP).toMillis();
        this.severity = config.detector(signal()).severity();
    }

    @Override
    public Signal signal() {
        return Signal.ACTIVITY_CUMULATIVE;
    }

    @Override
    public void evaluate(Event event, AccountState account, List<Finding> out) {
        if (!event.isActivity()) {
            return;
        }
        // Windows end at the account's latest activity, not at a straggler's older time (clock skew):
        // otherwise the hour just after the straggler would drop out of the window.
        long now = Math.max(event.timestamp(), account.lastActivity());
        long day = account.activeMillisLastDay(now);
        long week = account.activeMillisLastWeek(now);
        boolean dayRule = day > maxPerDay;
        if (!dayRule && week <= maxPerWeek) {
            return;
        }
        long active = dayRule ? day : week;
        long limit = dayRule ? maxPerDay : maxPerWeek;
        String span = dayRule ? "24 h" : "7 days";
        Evidence evidence = Evidence.builder()
                .put("rule", dayRule ? "day" : "week")
                .put("active_minutes_24h", Wording.minutes(day))
                .put("limit_minutes_24h", Wording.minutes(maxPerDay))
                .put("active_minutes_7d", Wording.minutes(week))
                .put("limit_minutes_7d", Wording.minutes(maxPerWeek))
                .put("max_gap_minutes", Wording.minutes(maxGap))
                .build();
        out.add(new Finding(signal(), account.id(), Wording.severity(severity, active, limit),
                Wording.hours(active), dayRule ? DAY : WEEK,
                "active " + Wording.duration(active) + " in the last " + span + " (limit " + Wording.duration(limit) + ")",
                evidence, event.ip() == null ? null : event.ip().toString(), event.session(), event.device()));
    }
}
