package io.logintelemetry.state;

import io.logintelemetry.net.IpNetwork;

/**
 * One session: whose it is, when it was first and last used, and the context it started in (user
 * agent family, network), so that a change of hands mid-way shows. Thread-safe by synchronising on
 * the instance.
 */
public final class SessionState {

    private final String id;
    private String account;
    private long firstUse = Long.MIN_VALUE;
    private long lastUse = Long.MIN_VALUE;
    private String startFamily;
    private IpNetwork startNetwork;
    private String changedFamily;
    private IpNetwork changedNetwork;
    private boolean changeIsNew;

    SessionState(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /**
     * Records a use of the session. The first use fixes the starting context; the first later use
     * with another user agent family is remembered as the change, and {@link #changedJustNow()} is
     * true until the next use, so the change is reported exactly once.
     */
    public synchronized void use(String accountId, long time, String uaFamily, IpNetwork network) {
        changeIsNew = false;
        if (firstUse == Long.MIN_VALUE || accountId != null && !accountId.equals(account)) {
            // A session id re-used for another account starts afresh.
            account = accountId;
            firstUse = time;
            lastUse = time;
            startFamily = uaFamily;
            startNetwork = network;
            changedFamily = null;
            changedNetwork = null;
            return;
        }
        firstUse = Math.min(firstUse, time);
        lastUse = Math.max(lastUse, time);
        if (startFamily == null) {
            startFamily = uaFamily;
        } else if (changedFamily == null && uaFamily != null && !uaFamily.equals(startFamily)) {
            changedFamily = uaFamily;
            changedNetwork = network;
            changeIsNew = true;
        }
        if (startNetwork == null) {
            startNetwork = network;
        }
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
        return startNetwork;
    }

    public synchronized String changedFamily() {
        return changedFamily;
    }

    public synchronized IpNetwork changedNetwork() {
        return changedNetwork;
    }

    /** Whether the last {@link #use} was the one that changed the session's user agent family. */
    public synchronized boolean changedJustNow() {
        return changeIsNew;
    }
}
