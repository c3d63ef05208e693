package io.logintelemetry.state;

import io.logintelemetry.action.Action;
import io.logintelemetry.flag.RiskLevel;
import io.logintelemetry.flag.Severity;
import io.logintelemetry.flag.Signal;
import io.logintelemetry.net.IpNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * What we remember of one account: its activity over the last 7 days (hour buckets and shifts), the
 * networks it logged in from lately, its flag history and score, and any inline action in force.
 * Fixed-size parts only: an account with a million requests takes the same memory as one with ten.
 *
 * <p>Thread-safe: every method synchronises on the instance. The engine updates it and runs the
 * account's detectors under that lock; detectors only call the read methods.
 */
public final class AccountState {

    /** Most recent login networks kept; above every churn limit we allow. */
    static final int NETWORK_CAPACITY = 64;

    private final String id;
    private final HourRing activity = new HourRing();
    private ShiftRing shifts;
    private RecentKeys<IpNetwork> loginNetworks;
    private FlagHistory flags;
    private long firstSeen = Long.MIN_VALUE;
    private long lastSeen = Long.MIN_VALUE;
    private long lastActivity = Long.MIN_VALUE;
    private String declaredCountry;
    private Action action = Action.LOG;
    private long actionUntil = Long.MIN_VALUE;
    private RiskLevel level = RiskLevel.LOW;
    private int score;

    AccountState(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Records that the account was seen at {@code time}, whatever the event. */
    public synchronized void seen(long time) {
        if (firstSeen == Long.MIN_VALUE || time < firstSeen) {
            firstSeen = time;
        }
        lastSeen = Math.max(lastSeen, time);
    }

    /**
     * Records activity (a login or request) at {@code time}: the time since the previous activity
     * counts as active when it is at most {@code maxGapMillis}. An event a little older than the
     * latest one (clock skew between nodes) marks its hour but adds no active time twice.
     */
    public synchronized void recordActivity(long time, long maxGapMillis, String uaFamily, String device) {
        seen(time);
        activity.markPresent(time);
        if (lastActivity != Long.MIN_VALUE && time > lastActivity && time - lastActivity <= maxGapMillis) {
            activity.addActive(lastActivity, time);
        }
        lastActivity = Math.max(lastActivity, time);
        if (shifts == null) {
            shifts = new ShiftRing();
        }
        shifts.record(time, uaFamily, device);
    }

    /** Records a successful login from {@code network}. */
    public synchronized void recordLoginNetwork(IpNetwork network, long time) {
        if (loginNetworks == null) {
            loginNetworks = new RecentKeys<>(NETWORK_CAPACITY);
        }
        loginNetworks.touch(network, time);
    }

    public synchronized void declareCountry(String country) {
        this.declaredCountry = country;
    }

    /** The country the account declared in a {@code profile} event (ISO 3166 alpha-2), or null. */
    public synchronized String declaredCountry() {
        return declaredCountry;
    }

    /** Active time in the rolling day (24 hour buckets) ending at {@code now}. */
    public synchronized long activeMillisLastDay(long now) {
        return activity.activeMillis(now, 24);
    }

    /** Active time in the rolling week (168 hour buckets) ending at {@code now}. */
    public synchronized long activeMillisLastWeek(long now) {
        return activity.activeMillis(now, HourRing.HOURS);
    }

    /** Distinct UTC hours of the day with activity in the 7 days ending at {@code now}. */
    public synchronized int distinctActiveHours(long now) {
        return activity.distinctHoursOfDay(now);
    }

    /** The three shifts of the day as worked in the 7 days ending at {@code now}. */
    public synchronized List<ShiftSummary> shifts(long now) {
        return shifts == null ? List.of() : shifts.shifts(now);
    }

    /** Login networks seen at or after {@code since}, oldest first. */
    public synchronized List<IpNetwork> loginNetworksSince(long since) {
        return loginNetworks == null ? List.of() : new ArrayList<>(loginNetworks.keysSince(since));
    }

    /** Earliest (last-sighting) time among the login networks seen since {@code since}, or -1. */
    public synchronized long earliestLoginNetworkSince(long since) {
        return loginNetworks == null ? -1 : loginNetworks.earliestSince(since);
    }

    public synchronized long firstSeen() {
        return firstSeen;
    }

    public synchronized long lastSeen() {
        return lastSeen;
    }

    /** Time of the last login or request, or {@link Long#MIN_VALUE}. */
    public synchronized long lastActivity() {
        return lastActivity;
    }

    /**
     * Admits a finding as a new flag if it is news (see {@link FlagHistory#admit}), then rescoring
     * the account.
     *
     * @param weights the score weight of each signal
     */
    public synchronized boolean admitFlag(Signal signal, long time, long magnitude, Severity severity, long window,
                                          ToIntFunction<Signal> weights, long scoreWindow, int mediumAt, int highAt) {
        if (flags == null) {
            flags = new FlagHistory();
        }
        if (!flags.admit(signal, time, magnitude, severity, window)) {
            return false;
        }
        rescore(time, weights, scoreWindow, mediumAt, highAt);
        return true;
    }

    private void rescore(long now, ToIntFunction<Signal> weights, long scoreWindow, int mediumAt, int highAt) {
        double total = 0;
        for (Signal s : Signal.values()) {
            long at = flags.raisedAt(s);
            if (at != Long.MIN_VALUE && now - at < scoreWindow) {
                total += weights.applyAsInt(s) * flags.severity(s).scoreFactor();
            }
        }
        score = (int) Math.min(100, Math.round(total));
        level = score >= highAt ? RiskLevel.HIGH : score >= mediumAt ? RiskLevel.MEDIUM : RiskLevel.LOW;
    }

    /** Whether {@code signal} was ever flagged for this account (as far as state remembers). */
    public synchronized boolean everFlagged(Signal signal) {
        return flags != null && flags.raisedAt(signal) != Long.MIN_VALUE;
    }

    /** Signals flagged within {@code scoreWindow} before {@code now}, in signal order. */
    public synchronized List<Signal> flaggedSignals(long now, long scoreWindow) {
        List<Signal> result = new ArrayList<>();
        if (flags != null) {
            for (Signal s : Signal.values()) {
                long at = flags.raisedAt(s);
                if (at != Long.MIN_VALUE && now - at < scoreWindow) {
                    result.add(s);
                }
            }
        }
        return result;
    }

    /** Score 0-100 as of the last flag. */
    public synchronized int score() {
        return score;
    }

    public synchronized RiskLevel level() {
        return level;
    }

    /** Puts {@code newAction} in force until {@code until}, unless a stronger one already is. */
    public synchronized void applyAction(Action newAction, long now, long until) {
        if (actionUntil <= now || newAction.ordinal() > action.ordinal()) {
            action = newAction;
        }
        actionUntil = Math.max(actionUntil, until);
    }

    /** The inline action in force at {@code now}; {@link Action#LOG} when none. */
    public synchronized Action actionAt(long now) {
        return now < actionUntil ? action : Action.LOG;
    }
}
