package io.logintelemetry.state;

import io.logintelemetry.intel.IpInfo;
import io.logintelemetry.net.IpAddress;
import io.logintelemetry.net.IpNetwork;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/**
 * One session: whose it is, when it was first and last used, and the context it started in (user
 * agent family, network, ASN, country), so that a change of hands mid-way shows. Thread-safe by
 * synchronising on the instance.
 */
public final class SessionState {

    private final String id;
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
    /** Set once the store dropped this session; volatile, so the store never takes the session's lock. */
    private volatile boolean retired;

    SessionState(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Marks the session as dropped by the store: a reference kept to it must be looked up afresh. */
    public void retire() {
        retired = true;
    }

    /** Whether the store dropped this session (see {@link StateStore#retiresDroppedSessions()}). */
    public boolean retired() {
        return retired;
    }

    /**
     * Records a use of the session. The first use fixes the starting context. The first later use
     * with another user agent family is remembered as the agent change; the first use from another
     * network whose ASN or country also differs is remembered as the network move. Each is flagged
     * by {@link #agentChangedJustNow()} / {@link #networkMovedJustNow()} until the next use only, so
     * each is reported exactly once per session.
     */
    public synchronized void use(String accountId, long time, String uaFamily, IpNetwork network, IpInfo info) {
        use(accountId, time, uaFamily, network == null ? null : network.base(), network, info);
    }

    /**
     * {@link #use(String, long, String, IpNetwork, IpInfo)} with the client address: its churn network
     * ({@link IpAddress#churnNetwork()}) is built only when the session keeps it (the start, a change),
     * not on every request.
     */
    public synchronized void use(String accountId, long time, String uaFamily, IpAddress ip, IpInfo info) {
        use(accountId, time, uaFamily, ip, null, info);
    }

    private void use(String accountId, long time, String uaFamily, IpAddress ip, IpNetwork knownNetwork, IpInfo info) {
        agentChangeIsNew = false;
        networkChangeIsNew = false;
        if (firstUse == Long.MIN_VALUE || accountId != null && !accountId.equals(account)) {
            // A session id re-used for another account starts afresh.
            account = accountId;
            firstUse = time;
            lastUse = time;
            startFamily = uaFamily;
            setStart(ip, knownNetwork);
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
            changedNetwork = network(ip, knownNetwork);
            agentChangeIsNew = true;
        }
        if (startPrefix < 0) {
            setStart(ip, knownNetwork);
            startInfo = info;
        } else if (movedNetwork == null && ip != null && !inStartNetwork(ip, knownNetwork)
                && movedElsewhere(info)) {
            movedNetwork = network(ip, knownNetwork);
            movedInfo = info;
            networkChangeIsNew = true;
        }
    }

    private static IpNetwork network(IpAddress ip, IpNetwork known) {
        return known != null ? known : ip == null ? null : ip.churnNetwork();
    }

    private void setStart(IpAddress ip, IpNetwork known) {
        if (known != null) {
            startHigh = known.base().high();
            startLow = known.base().low();
            startPrefix = (byte) known.prefixLength();
            startV4 = known.base().isV4();
        } else if (ip != null) {
            // The churn network (IpAddress#churnNetwork), without building it.
            startV4 = ip.isV4();
            startPrefix = (byte) ip.churnNetworkPrefixLength();
            startHigh = startV4 ? 0 : ip.high();
            startLow = startV4 ? ip.low() & 0xFFFF_FF00L : 0;
        } else {
            startPrefix = -1;
        }
    }

    /** Whether {@code ip} (or {@code known}, its network) is on the start network, tested without building one. */
    private boolean inStartNetwork(IpAddress ip, IpNetwork known) {
        if (known != null) {
            return known.prefixLength() == startPrefix && known.base().isV4() == startV4
                    && known.base().high() == startHigh && known.base().low() == startLow;
        }
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

    public synchronized String account() {
        return account;
    }

    public synchronized long firstUse() {
        return firstUse;
    }

    public synchronized long lastUse() {
        return lastUse;
    }

    public synchronized String startFamily() {
        return startFamily;
    }

    public synchronized IpNetwork startNetwork() {
        if (startPrefix < 0) {
            return null;
        }
        return IpNetwork.of(startV4 ? IpAddress.ofV4((int) startLow) : IpAddress.ofV6(startHigh, startLow), startPrefix);
    }

    /** What IP intelligence knew of the network the session started on. */
    public synchronized IpInfo startInfo() {
        return startInfo;
    }

    public synchronized String changedFamily() {
        return changedFamily;
    }

    public synchronized IpNetwork changedNetwork() {
        return changedNetwork;
    }

    /** The network the session moved to (another ASN or country), or null. */
    public synchronized IpNetwork movedNetwork() {
        return movedNetwork;
    }

    public synchronized IpInfo movedInfo() {
        return movedInfo;
    }

    /** Whether the last {@link #use} was the one that changed the session's user agent family. */
    public synchronized boolean agentChangedJustNow() {
        return agentChangeIsNew;
    }

    /** Whether the last {@link #use} was the one that moved the session to another ASN or country. */
    public synchronized boolean networkMovedJustNow() {
        return networkChangeIsNew;
    }

    // ---- binary form (StateCodec); the caller holds this session's monitor ----

    void write(DataOutput out) throws IOException {
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

    static SessionState read(DataInput in) throws IOException {
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
