package io.logintelemetry.state;

import io.logintelemetry.action.Action;
import io.logintelemetry.flag.RiskLevel;
import io.logintelemetry.flag.Severity;
import io.logintelemetry.flag.Signal;
import io.logintelemetry.intel.IpInfo;
import io.logintelemetry.intel.NetworkType;
import io.logintelemetry.net.IpAddress;
import io.logintelemetry.net.IpNetwork;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
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
 *
 * <p>The activity rings are its superclass rather than objects of their own, so that an event's update
 * of its hour and shift touches the account and one small array, not three more objects (see
 * {@link ActivityRing}). That class's methods are package-private: they are not part of this API.
 *
 * <p>For the same reason an account is also a {@link SessionState}: it carries the session it is
 * using in its own fields, so an event of that session reads one object, not two (see "Carried
 * sessions" there). The inherited session methods describe that carried session, whichever account
 * it belongs to now; the engine reaches sessions only through the store, never through the account.
 */
public final class AccountState extends ActivityRing {

    /** Most recent login networks kept; above every churn limit we allow. */
    static final int NETWORK_CAPACITY = 64;

    private final String id;
    /** {@link #tag()}, 0 until first asked. Volatile: read without the account's lock. */
    private volatile long tag;
    /**
     * Login networks, once there have been two within the churn window: an {@link IpNetwork} as text,
     * or the label of a mobile carrier whose addresses all count as one. Until then the one network is
     * kept in the {@code net} fields as primitives (most accounts log in from one network at a time).
     */
    private RecentKeys<String> loginNetworks;
    private long netBits;
    private String netLabel;
    private int netSeen;
    private byte netKind = NET_NONE;
    private static final byte NET_NONE = 0;
    private static final byte NET_V4 = 4;
    private static final byte NET_V6 = 6;
    private static final byte NET_CARRIER = 1;
    private LoginGeography geography;
    /** The latest login, as primitives: a sighting object and the address's text are made when asked. */
    private long lastLoginTime = Long.MIN_VALUE;
    private long lastLoginHigh;
    private long lastLoginLow;
    private boolean lastLoginV4;
    private IpInfo lastLoginInfo;
    private FlagHistory flags;
    private long firstSeen = Long.MIN_VALUE;
    private long lastSeen = Long.MIN_VALUE;
    private long lastActivity = Long.MIN_VALUE;
    /** The activity before {@link #lastActivity}, and whether the gap between the two was counted. */
    private long previousActivity = Long.MIN_VALUE;
    private boolean lastGapCounted;
    private String declaredCountry;
    /** Until when each action is in force, by {@link Action#ordinal()}; null while none ever was. */
    private long[] actionUntil;
    private RiskLevel level = RiskLevel.LOW;
    private int score;
    /**
     * The session of the account's last event, and when it was last looked up in the store
     * ({@link EpochSeconds}): steady traffic then skips most session look-ups, each a likely cache
     * miss over a large state. See {@link #recentSession}.
     */
    private volatile SessionState recentSession;
    private int recentSessionLookedUp;
    /**
     * The same for the accounts on the address of the last event: the set, and the address as
     * primitives (an {@link IpAddress} kept here would be an object per account). Steady traffic from
     * one address then needs no address look-up at all.
     */
    private volatile AccountSet recentIpSet;
    /**
     * The remembered session and set are written with release stores: enough to publish them to the
     * lock-free readers above (which confirm under the lock), without the full fence of a volatile store.
     */
    private static final java.lang.invoke.VarHandle RECENT_SESSION;
    private static final java.lang.invoke.VarHandle RECENT_IP_SET;

    static {
        try {
            java.lang.invoke.MethodHandles.Lookup lookup = java.lang.invoke.MethodHandles.lookup();
            RECENT_SESSION = lookup.findVarHandle(AccountState.class, "recentSession", SessionState.class);
            RECENT_IP_SET = lookup.findVarHandle(AccountState.class, "recentIpSet", AccountSet.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private long recentIpHigh;
    private long recentIpLow;
    private boolean recentIpV4;
    private int recentIpLookedUp;

    AccountState(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /**
     * A keyed 64-bit hash of the id, never 0: what an address seen by this account alone keeps in
     * its table slot (see {@link InMemoryStateStore#ipOf}). Keyed per JVM, so ids cannot be chosen to
     * collide with another account's.
     */
    long tag() {
        long t = tag;
        if (t == 0) {
            // Made when first asked, not with the account: an HMAC costs about a microsecond, and the
            // table makes accounts under its segment's lock. Racing threads compute the same value.
            t = AccountTags.of(id);
            tag = t;
        }
        return t;
    }

    /**
     * The session {@code sessionId} as remembered from the account's previous event, or null when the
     * store must be asked: another session, one the store has dropped since (it is then retired, and
     * updating it would lose counts to the fresh one the store would create), or one last looked up
     * more than {@code refreshMillis} ago. Asking the store now and then keeps its idle expiry and
     * frequency counts current, which an unasked entry would lose.
     */
    public SessionState recentSession(String sessionId, long time, long refreshMillis) {
        // Takes no lock, so it may be called with or without the account's (the engine calls it first
        // thing under it, so that the session's cache miss overlaps the account's own work). What
        // this returns may go stale at once (dropped, or, carried, replaced by the holder's next
        // session): SessionState#use(String, ...) checks again under the session's monitor.
        SessionState s = recentSession;
        if (s == null || s.retired() || !sessionId.equals(s.sessionId())
                || EpochSeconds.toMillis(recentSessionLookedUp) + refreshMillis < time) {
            return null;
        }
        return s;
    }

    /** Remembers {@code session} as just looked up in the store at {@code time}. */
    public synchronized void rememberSession(SessionState session, long time) {
        RECENT_SESSION.setRelease(this, session);
        recentSessionLookedUp = EpochSeconds.of(time);
    }

    /**
     * The accounts on {@code ip} as remembered from an earlier event (as {@link #recentSession}), read
     * without the account's lock so that the engine can start before taking any: the fields may be
     * caught mid-update, so this is a guess that {@link #remembersIpSet} confirms under the lock.
     */
    public AccountSet recentIpSetGuess(IpAddress ip, long time, long refreshMillis) {
        AccountSet s = recentIpSet;
        if (s == null || s.retired() || ip.low() != recentIpLow || ip.high() != recentIpHigh || ip.isV4() != recentIpV4
                || EpochSeconds.toMillis(recentIpLookedUp) + refreshMillis < time) {
            return null;
        }
        return s;
    }

    /** Whether {@code set} is the one remembered for {@code ip}: {@link #recentIpSetGuess}, under the lock. */
    public synchronized boolean remembersIpSet(AccountSet set, IpAddress ip, long time, long refreshMillis) {
        return set == recentIpSetGuess(ip, time, refreshMillis);
    }

    /**
     * Remembers {@code set} as the accounts on {@code ip}, just looked up in the store at {@code time}.
     * The set itself is kept once the account's previous event came from {@code ip} too: steady traffic
     * from one address then skips its look-ups from the second event on, while traffic from address to
     * address (a phone on the move, a rotating proxy) does not store a reference per event, which under
     * G1 costs a card-table update with a fence each time.
     */
    public synchronized void rememberIpSet(IpAddress ip, AccountSet set, long time) {
        boolean repeat = ip.low() == recentIpLow && ip.high() == recentIpHigh && ip.isV4() == recentIpV4;
        AccountSet keep = repeat ? set : null;
        if (recentIpSet != keep) {
            RECENT_IP_SET.setRelease(this, keep);
        }
        recentIpHigh = ip.high();
        recentIpLow = ip.low();
        recentIpV4 = ip.isV4();
        recentIpLookedUp = EpochSeconds.of(time);
    }

    /**
     * Drops the references to the remembered session and address set: the store evicted or expired
     * this account. It may live on as the carrier of a session (see {@link SessionState}), and must
     * not keep other state alive through what it remembered. Takes no lock (the store's table calls it).
     */
    void forgetRemembered() {
        RECENT_SESSION.setRelease(this, null);
        RECENT_IP_SET.setRelease(this, null);
    }

    /** Forgets the remembered session if it is {@code sessionId} (it ended). */
    public synchronized void forgetSession(String sessionId) {
        if (recentSession != null && sessionId.equals(recentSession.sessionId())) {
            RECENT_SESSION.setRelease(this, null);
        }
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
     * latest one (clock skew between nodes) marks its hour but adds no active time twice; if it falls
     * inside the last gap and that gap was too long to count, it splits the gap, so its halves count
     * as they would have in time order.
     */
    public synchronized void recordActivity(long time, long maxGapMillis, String uaFamily, String device) {
        seen(time);
        markPresent(time);
        if (lastActivity == Long.MIN_VALUE || time > lastActivity) {
            boolean counted = lastActivity != Long.MIN_VALUE && time - lastActivity <= maxGapMillis;
            if (counted) {
                addActive(lastActivity, time);
            }
            previousActivity = lastActivity;
            lastActivity = time;
            lastGapCounted = counted;
        } else if (!lastGapCounted && previousActivity != Long.MIN_VALUE && time > previousActivity
                && time < lastActivity) {
            // The straggler bridges what was one uncounted gap: count each half that is short enough.
            if (time - previousActivity <= maxGapMillis) {
                addActive(previousActivity, time);
            }
            lastGapCounted = lastActivity - time <= maxGapMillis;
            if (lastGapCounted) {
                addActive(time, lastActivity);
            }
            previousActivity = time;
        }
        recordShift(time, uaFamily, device);
    }

    /**
     * Records a successful login from {@code ip}, with what IP intelligence knew of the address.
     * Several addresses of one mobile carrier count as one network: carriers move a phone between
     * address blocks all day.
     */
    public synchronized void recordLogin(IpAddress ip, IpInfo info, long time) {
        recordLogin(ip, info, time, Long.MAX_VALUE);
    }

    /**
     * {@link #recordLogin(IpAddress, IpInfo, long)}, forgetting login networks last seen more than
     * {@code keepMillis} before the latest login: the churn rule, their only reader, never looks back
     * further than its window from there, and a phone's daily new address would otherwise stay until
     * 64 had piled up.
     */
    public synchronized void recordLogin(IpAddress ip, IpInfo info, long time, long keepMillis) {
        boolean carrier = info.is(NetworkType.MOBILE) && info.asn() != 0;
        int seen = EpochSeconds.of(time);
        long latest = EpochSeconds.toMillis(Math.max(netSeen, seen));
        if (loginNetworks == null && (netKind == NET_NONE || sameNetwork(ip, carrier, info))) {
            // The common case: one network in the window, kept as primitives.
            if (netKind == NET_NONE) {
                setNetwork(ip, carrier, info, seen);
            } else {
                netSeen = Math.max(netSeen, seen);
            }
        } else if (loginNetworks == null && keepMillis != Long.MAX_VALUE
                && EpochSeconds.toMillis(netSeen) < latest - keepMillis) {
            setNetwork(ip, carrier, info, seen); // the one kept has left the window: the new one replaces it
        } else if (loginNetworks == null && keepMillis != Long.MAX_VALUE
                && EpochSeconds.toMillis(seen) < latest - keepMillis) {
            // A straggler older than the window before the kept network: forgotten at once, as it always was.
        } else {
            if (loginNetworks == null) {
                loginNetworks = new RecentKeys<>(NETWORK_CAPACITY);
                loginNetworks.touchSeconds(networkText(), netSeen);
                clearNetwork();
            }
            loginNetworks.touchSeconds(carrier ? carrierLabel(info) : ip.churnNetwork().toString(), seen);
        }
        if (keepMillis != Long.MAX_VALUE) {
            if (loginNetworks != null) {
                loginNetworks.forgetBefore(loginNetworks.latest() - keepMillis);
            }
            // A single network is never older than the latest login: nothing to forget.
        }
        lastLoginTime = time;
        lastLoginHigh = ip.high();
        lastLoginLow = ip.low();
        lastLoginV4 = ip.isV4();
        lastLoginInfo = info;
        if (info != IpInfo.UNKNOWN) {
            if (geography == null) {
                geography = new LoginGeography();
            }
            geography.record(new LoginSighting(time, ip.toString(), info));
        }
    }

    private static String carrierLabel(IpInfo info) {
        return info.asnLabel() + " (mobile carrier)";
    }

    private boolean sameNetwork(IpAddress ip, boolean carrier, IpInfo info) {
        if (carrier) {
            return netKind == NET_CARRIER && netLabel.equals(carrierLabel(info));
        }
        return netKind == (ip.isV4() ? NET_V4 : NET_V6) && netBits == networkBits(ip);
    }

    /** The churn network's bits: the /24 of an IPv4 address, the /64 of an IPv6 one. */
    private static long networkBits(IpAddress ip) {
        return ip.isV4() ? ip.low() & 0xFFFF_FF00L : ip.high();
    }

    private void setNetwork(IpAddress ip, boolean carrier, IpInfo info, int seen) {
        netKind = carrier ? NET_CARRIER : ip.isV4() ? NET_V4 : NET_V6;
        netBits = carrier ? 0 : networkBits(ip);
        netLabel = carrier ? carrierLabel(info) : null;
        netSeen = seen;
    }

    private void clearNetwork() {
        netKind = NET_NONE;
        netLabel = null;
    }

    /** The single network as the churn rule names it ("203.0.113.0/24", or a mobile carrier). */
    private String networkText() {
        switch (netKind) {
            case NET_CARRIER:
                return netLabel;
            case NET_V4:
                return IpNetwork.of(IpAddress.ofV4((int) netBits), 24).toString();
            default:
                return IpNetwork.of(IpAddress.ofV6(netBits, 0), 64).toString();
        }
    }

    /** The latest successful login, or null. */
    public synchronized LoginSighting lastLogin() {
        if (lastLoginTime == Long.MIN_VALUE) {
            return null;
        }
        IpAddress ip = lastLoginV4 ? IpAddress.ofV4((int) lastLoginLow) : IpAddress.ofV6(lastLoginHigh, lastLoginLow);
        return new LoginSighting(lastLoginTime, ip.toString(), lastLoginInfo);
    }

    /** ASNs ("AS64500 Example Org") seen at login at or after {@code since}, oldest first. */
    public synchronized List<String> loginAsnsSince(long since) {
        return geography == null ? List.of() : geography.asnsSince(since);
    }

    /** Countries seen at login at or after {@code since}, oldest first. */
    public synchronized List<String> loginCountriesSince(long since) {
        return geography == null ? List.of() : geography.countriesSince(since);
    }

    /** Logins over the last 7 days and, of those, through anonymizers: {@code {total, anonymized}}. */
    public synchronized int[] loginsLastWeek() {
        return geography == null ? new int[] {0, 0} : geography.loginsLastWeek();
    }

    /** The latest login with a known position, or null. */
    public synchronized LoginSighting lastLocatedLogin() {
        return geography == null ? null : geography.lastLocated();
    }

    /** The located login before {@link #lastLocatedLogin()}, or null. */
    public synchronized LoginSighting previousLocatedLogin() {
        return geography == null ? null : geography.previousLocated();
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
        return activeMillis(now, 24);
    }

    /** Active time in the rolling week (168 hour buckets) ending at {@code now}. */
    public synchronized long activeMillisLastWeek(long now) {
        return activeMillis(now, HOURS);
    }

    /** Distinct UTC hours of the day with activity in the 7 days ending at {@code now}. */
    public synchronized int distinctActiveHours(long now) {
        return distinctHoursOfDay(now);
    }

    /** Whether all three shifts were worked on at least {@code minDays} days each, each block from one context. */
    public synchronized boolean shiftsConsistent(long now, int minDays) {
        return allShiftsConsistent(now, minDays);
    }

    /** The three shifts of the day as worked in the 7 days ending at {@code now}. */
    public synchronized List<ShiftSummary> shifts(long now) {
        return shiftSummaries(now);
    }

    /** Login networks seen at or after {@code since}, oldest first ("203.0.113.0/24", or a mobile carrier). */
    public synchronized List<String> loginNetworksSince(long since) {
        if (loginNetworks == null) {
            List<String> result = new ArrayList<>(1);
            if (netKind != NET_NONE && EpochSeconds.toMillis(netSeen) >= since) {
                result.add(networkText());
            }
            return result;
        }
        return new ArrayList<>(loginNetworks.keysSince(since));
    }

    /** Earliest (last-sighting) time among the login networks seen since {@code since}, or -1. */
    public synchronized long earliestLoginNetworkSince(long since) {
        if (loginNetworks == null) {
            return netKind != NET_NONE && EpochSeconds.toMillis(netSeen) >= since ? EpochSeconds.toMillis(netSeen) : -1;
        }
        return loginNetworks.earliestSince(since);
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

    /**
     * Puts {@code newAction} in force until {@code until}. Each action keeps its own end, so a mild
     * action raised during a block never stretches the block.
     */
    public synchronized void applyAction(Action newAction, long now, long until) {
        if (newAction == Action.LOG) {
            return;
        }
        if (actionUntil == null) {
            actionUntil = new long[Action.values().length];
            java.util.Arrays.fill(actionUntil, Long.MIN_VALUE);
        }
        actionUntil[newAction.ordinal()] = Math.max(actionUntil[newAction.ordinal()], until);
    }

    /** The strongest inline action in force at {@code now}; {@link Action#LOG} when none. */
    public synchronized Action actionAt(long now) {
        if (actionUntil != null) {
            for (int i = actionUntil.length - 1; i > 0; i--) {
                if (now < actionUntil[i]) {
                    return Action.values()[i];
                }
            }
        }
        return Action.LOG;
    }

    // ---- binary form (StateCodec) ----

    /**
     * Writes everything the detectors read; the caller holds this account's monitor. The remembered
     * session and address set are left out: they are shortcuts into this JVM's store, found again on
     * the next event.
     */
    void write(DataOutput out) throws IOException {
        StateCodec.writeString(out, id);
        writeHours(out);
        out.writeBoolean(hasShifts());
        if (hasShifts()) {
            writeShifts(out);
        }
        StateCodec.writeKeys(out, loginNetworks);
        out.writeByte(netKind);
        out.writeLong(netBits);
        StateCodec.writeString(out, netLabel);
        out.writeInt(netSeen);
        out.writeBoolean(geography != null);
        if (geography != null) {
            geography.write(out);
        }
        out.writeLong(lastLoginTime);
        out.writeLong(lastLoginHigh);
        out.writeLong(lastLoginLow);
        out.writeBoolean(lastLoginV4);
        StateCodec.writeInfo(out, lastLoginInfo);
        out.writeBoolean(flags != null);
        if (flags != null) {
            flags.write(out);
        }
        out.writeLong(firstSeen);
        out.writeLong(lastSeen);
        out.writeLong(lastActivity);
        out.writeLong(previousActivity);
        out.writeBoolean(lastGapCounted);
        StateCodec.writeString(out, declaredCountry);
        // Actions by name, each with its end: a new action in a later release must not shift the others.
        int actions = 0;
        if (actionUntil != null) {
            for (long until : actionUntil) {
                actions += until == Long.MIN_VALUE ? 0 : 1;
            }
        }
        out.writeInt(actions);
        if (actionUntil != null) {
            for (Action a : Action.values()) {
                if (actionUntil[a.ordinal()] != Long.MIN_VALUE) {
                    StateCodec.writeEnum(out, a);
                    out.writeLong(actionUntil[a.ordinal()]);
                }
            }
        }
        StateCodec.writeEnum(out, level);
        out.writeInt(score);
    }

    static AccountState read(DataInput in) throws IOException {
        String id = StateCodec.readString(in);
        StateCodec.check(id != null, "account without id");
        AccountState a = new AccountState(id);
        a.readHours(in);
        if (in.readBoolean()) {
            a.readShifts(in);
        }
        a.loginNetworks = StateCodec.readKeys(in);
        a.netKind = in.readByte();
        StateCodec.check(a.netKind == NET_NONE || a.netKind == NET_V4 || a.netKind == NET_V6 || a.netKind == NET_CARRIER,
                "network kind " + a.netKind);
        a.netBits = in.readLong();
        a.netLabel = StateCodec.readString(in);
        StateCodec.check(a.netKind != NET_CARRIER || a.netLabel != null, "carrier without label");
        a.netSeen = in.readInt();
        a.geography = in.readBoolean() ? LoginGeography.read(in) : null;
        a.lastLoginTime = in.readLong();
        a.lastLoginHigh = in.readLong();
        a.lastLoginLow = in.readLong();
        a.lastLoginV4 = in.readBoolean();
        a.lastLoginInfo = StateCodec.readInfo(in);
        a.flags = in.readBoolean() ? FlagHistory.read(in) : null;
        a.firstSeen = in.readLong();
        a.lastSeen = in.readLong();
        a.lastActivity = in.readLong();
        a.previousActivity = in.readLong();
        a.lastGapCounted = in.readBoolean();
        a.declaredCountry = StateCodec.readString(in);
        int actions = StateCodec.readCount(in, Action.values().length);
        for (int k = 0; k < actions; k++) {
            Action action = StateCodec.readEnum(in, Action.class);
            long until = in.readLong();
            StateCodec.check(action != null, "missing action");
            if (a.actionUntil == null) {
                a.actionUntil = new long[Action.values().length];
                java.util.Arrays.fill(a.actionUntil, Long.MIN_VALUE);
            }
            a.actionUntil[action.ordinal()] = until;
        }
        RiskLevel level = StateCodec.readEnum(in, RiskLevel.class);
        StateCodec.check(level != null, "missing level");
        a.level = level;
        a.score = in.readInt();
        return a;
    }
}
