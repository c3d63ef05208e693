package io.logintelemetry.detect;

import io.logintelemetry.config.ConfigKeys;
import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.event.Event;
import io.logintelemetry.flag.Evidence;
import io.logintelemetry.flag.Severity;
import io.logintelemetry.flag.Signal;
import io.logintelemetry.state.AccountState;
import io.logintelemetry.state.ShiftSummary;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code activity.round_the_clock}: several people seem to run one account in shifts. Two rules:
 * <ul>
 *   <li>hours: activity in at least {@code min-hours} of the 24 hours of the day within 7 days;</li>
 *   <li>shifts: all three 8-hour shifts of the day worked on at least {@code shift-min-days} days
 *       each, every shift always from its own user agent family / device, and no two shifts
 *       sharing one. An office worker who also checks in from a phone at night has two contexts
 *       at most and never trips it.</li>
 * </ul>
 */
public final class ActivityRoundTheClock implements Detector.OfAccount {

    private static final long WEEK = 7 * 24 * 3_600_000L;

    private final int minHours;
    private final boolean shiftRule;
    private final int shiftMinDays;
    private final Severity severity;

    public ActivityRoundTheClock(LoginTelemetryConfig config) {
        this.minHours = config.get(ConfigKeys.ROUND_THE_CLOCK_MIN_HOURS);
        this.shiftRule = config.get(ConfigKeys.ROUND_THE_CLOCK_SHIFT_RULE);
        this.shiftMinDays = config.get(ConfigKeys.ROUND_THE_CLOCK_SHIFT_MIN_DAYS);
        this.severity = config.detector(signal()).severity();
    }

    @Override
    public Signal signal() {
        return Signal.ACTIVITY_ROUND_THE_CLOCK;
    }

    @Override
    public void evaluate(Event event, AccountState account, List<Finding> out) {
        if (!event.isActivity()) {
            return;
        }
        // Windows end at the account's latest activity, not at a straggler's older time (clock skew):
        // otherwise the hour just after the straggler would drop out of the window.
        long now = Math.max(event.timestamp(), account.lastActivity());
        int hours = account.distinctActiveHours(now);
        if (hours >= minHours) {
            String ip = event.ip() == null ? null : event.ip().toString();
            Evidence evidence = Evidence.builder()
                    .put("rule", "hours")
                    .put("active_hours_of_day", hours)
                    .put("limit_hours", minHours)
                    .put("window_days", 7)
                    .build();
            out.add(new Finding(signal(), account.id(), hours == 24 ? severity.raised() : severity, hours, WEEK,
                    "active in " + hours + " of the 24 hours of the day within 7 days (limit " + minHours + ")",
                    evidence, ip, event.session(), event.device()));
            return;
        }
        // Days and consistency per shift first, without allocating: contexts only when all three qualify.
        if (shiftRule && account.shiftsConsistent(now, shiftMinDays)) {
            List<ShiftSummary> shifts = account.shifts(now);
            if (separateShifts(shifts)) {
                List<String> described = new ArrayList<>();
                for (ShiftSummary s : shifts) {
                    described.add(s.label() + ": " + String.join(", ", s.contexts()) + " on " + s.days() + " days");
                }
                Evidence evidence = Evidence.builder()
                        .put("rule", "shifts")
                        .list("shifts", described)
                        .put("min_days_per_shift", shiftMinDays)
                        .put("active_hours_of_day", hours)
                        .build();
                String ip = event.ip() == null ? null : event.ip().toString();
                out.add(new Finding(signal(), account.id(), severity, shifts.size(), WEEK,
                        "three shifts a day, each from its own browser or device: " + String.join("; ", described),
                        evidence, ip, event.session(), event.device()));
            }
        }
    }

    private boolean separateShifts(List<ShiftSummary> shifts) {
        if (shifts.size() < 3) {
            return false;
        }
        Set<String> seen = new HashSet<>();
        for (ShiftSummary s : shifts) {
            if (s.days() < shiftMinDays || !s.consistent()) {
                return false;
            }
            for (String context : s.contexts()) {
                if (!seen.add(context)) {
                    return false;
                }
            }
        }
        return true;
    }
}
