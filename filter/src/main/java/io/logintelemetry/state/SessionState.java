package io.logintelemetry.state;

import io.logintelemetry.intel.IpInfo;
import io.logintelemetry.net.IpAddress;
import io.logintelemetry.net.IpNetwork;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * One session: whose it is, when it was first and last used, and the context it started in (user
 * agent family, network, ASN, country), so that a change of hands mid-way shows. Thread-safe by
 * synchronising on the instance.
 *
 * <p><b>Carried sessions.</b> Most accounts use one session at a time, and reaching a session object
 * of its own was, at 100,000 accounts, one more cache miss per event after the account's (about a
 * fifth of the engine's time per event). So an {@link AccountState} is itself a session holder: it
 * extends this class (through {@link ActivityRing}) and keeps the session it uses in its own fields.
 * The store hands an account's new session to the account while the account carries none
 * ({@link #carry}), and a stand-alone {@code SessionState} otherwise (a second session at once, a
 * restored one). Either way the session table holds the session under its id, and everything that
 * reads a session sees this class. A carried session leaves its account when the store drops it (it
 * ended, expired or was evicted: {@link #retire()}); the account may then carry the next one. So that
 * a reference kept to the earlier session can never update the next one, {@link #use(String, String,
 * long, String, IpAddress, IpInfo)} checks under the monitor that the session is still the one meant.
 */
public class SessionState {

    /**
     * The session's id. Final in effect for a stand-alone session; for a carried one, set each time
     * the account takes on a session ({@link #carry}). Volatile: the store's id check reads it
     * without the monitor.
     */
    private volatile String id;
    /**
     * How many sessions this object has held, and which of them the fields below describe: a carried
     * session's fields are reset, under the monitor, on the first use after {@link #carry} (which
     * takes no lock, as it runs inside the store's table). Until that use the getters still describe
     * the holder's previous session; the engine reads them only after a use, and the binary form
     * writes such a session as new.
     */
    private volatile int holder;
    private int fieldsOfHolder;
    private String account;
    private long firstUse = Long.MIN_VALUE;
    private long lastUse = Long.MIN_VALUE;
    private String startFamily;
    /**
     * The network the session started on, as primitives (base address and prefix length; a negative
     * prefix when none): two objects fewer per session. {@link #startNetwork()} builds it when asked.
     */
    private long startHigh;
    private long startLow;
    private byte startPrefix = -1;
    private boolean startV4;
    private IpInfo startInfo = IpInfo.UNKNOWN;
    private String changedFamily;
    private IpNetwork changedNetwork;
    private IpNetwork movedNetwork;
    private IpInfo movedInfo;
    private boolean agentChangeIsNew;
    private boolean networkChangeIsNew;
    /**
     * {@link #LIVE}, {@link #RETIRED} once the store dropped this session (a holder that carries none,
     * an account between sessions, is retired too), or {@link #TAKING} while a holder takes on a
     * session ({@link #carry}). Volatile, so the store never takes the session's lock.
     */
    private volatile int phase;
    private static final int LIVE = 0;
    private static final int RETIRED = 1;
    private static final int TAKING = 2;

    private static final VarHandle PHASE;

    static {
        try {
            PHASE = MethodHandles.lookup().findVarHandle(SessionState.class, "phase", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A stand-alone session. */
    SessionState(String id) {
        this.id = id;
    }

    /** A holder that carries no session yet: the part of an {@link AccountState} that can carry one. */
    SessionState() {
        this.phase = RETIRED;
    }

    /**
     * Takes on session {@code sessionId} if this holder carries none now; true if it did. Takes no
     * lock (the store calls it under its table's lock); the fields are reset on the first use.
     *
     * <p>The session counts as live only once its id and holder count are written: until then it is
     * {@link #TAKING}, which every check takes for retired, so neither a reference kept to the
     * previous session nor one to the new session can use the fields in between. Nothing retires a
     * holder meanwhile: the table only retires what it holds, and it holds this one only afterwards.
     */
    final boolean carry(String sessionId) {
        if (!PHASE.compareAndSet(this, RETIRED, TAKING)) {
            return false;
        }
        id = sessionId;
        holder++; // only the winner of the exchange above writes it, until the session is retired again
        phase = LIVE; // a volatile write: publishes the id and the count with it
        return true;
    }

    /** The session's id. */
    public final String sessionId() {
        return id;
    }

    /**
     * Marks the session as dropped by the store: a reference kept to it must be looked up afresh.
     * Only the store's session table calls it, for what it holds: a carried session's holder is then
     * free to carry the next one.
     */
    final void retire() {
        phase = RETIRED;
    }

    /**
     * Whether the store dropped this session (see {@link StateStore#retiresDroppedSessions()}); on an
     * {@link AccountState}, whether it carries no session now.
     */
    public final boolean retired() {
        return phase != LIVE;
    }

    /**
     * Records a use of session {@code sessionId} by {@code accountId} from {@code ip}, if this is
     * still that session: false, and nothing changed, once the store dropped it (a reference kept from
     * before must then be looked up afresh; a carried session's holder may carry the next one by now).
     *
     * <p>The first use fixes the starting context. The first later use with another user agent family
     * is remembered as the agent change; the first use from another network whose ASN or country
     * also differs is remembered as the network move. Each is flagged by {@link #agentChangedJustNow()}
     * / {@link #networkMovedJustNow()} until the next use only, so each is reported exactly once per
     * session. The address's churn network ({@link IpAddress#churnNetwork()}) is built only when the
     * session keeps it (the start, a change), not on every request.
     */
    public final synchronized boolean use(String sessionId, String accountId, long time, String uaFamily, IpAddress ip,
                                          IpInfo info) {
        if (phase != LIVE || !sessionId.equals(id)) {
            return false;
        }
        update(accountId, time, uaFamily, ip, info);
        return true;
    }

    private void update(String accountId, long time, String uaFamily, IpAddress ip, IpInfo info) {
        catchUpWithHolder();
        agentChangeIsNew = false;
        networkChangeIsNew = false;
        if (firstUse == Long.MIN_VALUE || accountId != null && !accountId.equals(account)) {
            // A session id re-used for another account starts afresh.
            account = accountId;
            firstUse = time;
            lastUse = time;
            startFamily = uaFamily;
            setStart(ip);
            startInfo = info;
            changedFamily = null;
            changedNetwork = null;
            movedNetwork = null;
            movedInfo = null;
            return;
        }
        firstUse = Math.min(firstUse, time);
        lastUse = Math.max(lastUse, time);
        if (startFamily == null) {
            startFamily = uaFamily;
        } else if (changedFamily == null && uaFamily != null && !uaFamily.equals(startFamily)) {
            changedFamily = uaFamily;
            changedNetwork = ip == null ? null : ip.churnNetwork();
            agentChangeIsNew = true;
        }
        if (startPrefix < 0) {
            setStart(ip);
            startInfo = info;
        } else if (movedNetwork == null && ip != null && !inStartNetwork(ip) && movedElsewhere(info)) {
            movedNetwork = ip.churnNetwork();
            movedInfo = info;
            networkChangeIsNew = true;
        }
    }

    /**
     * Under the monitor: if the holder has taken on another session than the fields describe, the
     * fields start from nothing (see {@link #holder}).
     */
    private void catchUpWithHolder() {
        if (fieldsOfHolder != holder) {
            clear();
            fieldsOfHolder = holder;
        }
    }

    /** Back to a session never used (a carried session's fields, when the holder takes on the next one). */
    private void clear() {
        account = null;
        firstUse = Long.MIN_VALUE;
        lastUse = Long.MIN_VALUE;
        startFamily = null;
        startHigh = 0;
        startLow = 0;
        startPrefix = -1;
        startV4 = false;
        startInfo = IpInfo.UNKNOWN;
        changedFamily = null;
        changedNetwork = null;
        movedNetwork = null;
        movedInfo = null;
        agentChangeIsNew = false;
        networkChangeIsNew = false;
    }

    private void setStart(IpAddress ip) {
        if (ip != null) {
            // The churn network (IpAddress#churnNetwork), without building it.
            startV4 = ip.isV4();
            startPrefix = (byte) ip.churnNetworkPrefixLength();
            startHigh = startV4 ? 0 : ip.high();
            startLow = startV4 ? ip.low() & 0xFFFF_FF00L : 0;
        } else {
            startPrefix = -1;
        }
    }

    /** Whether {@code ip} is on the start network, tested without building one. */
    private boolean inStartNetwork(IpAddress ip) {
        if (ip.isV4() != startV4 || ip.churnNetworkPrefixLength() != startPrefix) {
            return false;
        }
        int p = startPrefix;
        if (startV4) {
            long mask = p == 0 ? 0 : (0xFFFF_FFFFL << (32 - p)) & 0xFFFF_FFFFL;
            return (ip.low() & mask) == startLow;
        }
        long highMask = p >= 64 ? -1L : p == 0 ? 0 : -1L << (64 - p);
        long lowMask = p <= 64 ? 0 : -1L << (128 - p);
        return (ip.high() & highMask) == startHigh && (ip.low() & lowMask) == startLow;
    }

    /** Another ASN or another country than at the start, where both sides are known. */
    private boolean movedElsewhere(IpInfo info) {
        boolean asnChanged = info.asn() != 0 && startInfo.asn() != 0 && info.asn() != startInfo.asn();
        boolean countryChanged = info.country() != null && startInfo.country() != null
                && !Objects.equals(info.country(), startInfo.country());
        return asnChanged || countryChanged;
    }

    public final synchronized String account() {
        return account;
    }

    public final synchronized long firstUse() {
        return firstUse;
    }

    public final synchronized long lastUse() {
        return lastUse;
    }

    public final synchronized String startFamily() {
        return startFamily;
    }

    public final synchronized IpNetwork startNetwork() {
        if (startPrefix < 0) {
            return null;
        }
        return IpNetwork.of(startV4 ? IpAddress.ofV4((int) startLow) : IpAddress.ofV6(startHigh, startLow), startPrefix);
    }

    /** What IP intelligence knew of the network the session started on. */
    public final synchronized IpInfo startInfo() {
        return startInfo;
    }

    public final synchronized String changedFamily() {
        return changedFamily;
    }

    public final synchronized IpNetwork changedNetwork() {
        return changedNetwork;
    }

    /** The network the session moved to (another ASN or country), or null. */
    public final synchronized IpNetwork movedNetwork() {
        return movedNetwork;
    }

    public final synchronized IpInfo movedInfo() {
        return movedInfo;
    }

    /** Whether the last {@link #use} was the one that changed the session's user agent family. */
    public final synchronized boolean agentChangedJustNow() {
        return agentChangeIsNew;
    }

    /** Whether the last {@link #use} was the one that moved the session to another ASN or country. */
    public final synchronized boolean networkMovedJustNow() {
        return networkChangeIsNew;
    }

    // ---- binary form (StateCodec); the caller holds this session's monitor ----

    final void writeSession(DataOutput out) throws IOException {
        catchUpWithHolder(); // carried, maybe not used yet: the fields may still describe the previous session
        StateCodec.writeString(out, id);
        StateCodec.writeString(out, account);
        out.writeLong(firstUse);
        out.writeLong(lastUse);
        StateCodec.writeString(out, startFamily);
        out.writeLong(startHigh);
        out.writeLong(startLow);
        out.writeByte(startPrefix);
        out.writeBoolean(startV4);
        StateCodec.writeInfo(out, startInfo);
        StateCodec.writeString(out, changedFamily);
        StateCodec.writeNetwork(out, changedNetwork);
        StateCodec.writeNetwork(out, movedNetwork);
        StateCodec.writeInfo(out, movedInfo);
        out.writeBoolean(agentChangeIsNew);
        out.writeBoolean(networkChangeIsNew);
    }

    static SessionState readSession(DataInput in) throws IOException {
        String id = StateCodec.readString(in);
        StateCodec.check(id != null, "session without id");
        SessionState s = new SessionState(id);
        s.account = StateCodec.readString(in);
        s.firstUse = in.readLong();
        s.lastUse = in.readLong();
        s.startFamily = StateCodec.readString(in);
        s.startHigh = in.readLong();
        s.startLow = in.readLong();
        s.startPrefix = in.readByte();
        s.startV4 = in.readBoolean();
        StateCodec.check(s.startPrefix >= -1 && s.startPrefix <= (s.startV4 ? 32 : 128), "session start prefix");
        IpInfo startInfo = StateCodec.readInfo(in);
        s.startInfo = startInfo == null ? IpInfo.UNKNOWN : startInfo;
        s.changedFamily = StateCodec.readString(in);
        s.changedNetwork = StateCodec.readNetwork(in);
        s.movedNetwork = StateCodec.readNetwork(in);
        s.movedInfo = StateCodec.readInfo(in);
        s.agentChangeIsNew = in.readBoolean();
        s.networkChangeIsNew = in.readBoolean();
        return s;
    }
}
