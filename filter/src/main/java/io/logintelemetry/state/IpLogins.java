package io.logintelemetry.state;

/**
 * The accounts that logged in from one IP address lately, with the distinct UTC days of their
 * logins there: the input of the link graph's "repeated shared IP" rule. Only addresses few
 * accounts use can link anyone, so once more than {@code maxAccounts} accounts have been seen the
 * address is marked busy and forgets its accounts. Thread-safe by synchronising on the instance.
 */
public final class IpLogins {

    /** Distinct days remembered per account; the IP rule never asks for more. */
    private static final int DAYS = 8;

    private String[] accounts;
    private int[][] days;
    private int count;
    private boolean busy;

    IpLogins() {
    }

    /**
     * Records a login of {@code account} on UTC day {@code day}.
     *
     * @return the number of distinct days {@code account} logged in here (up to 8), or 0 once the
     *         address is busy (more than {@code maxAccounts} accounts)
     */
    public synchronized int add(String account, int day, int maxAccounts) {
        if (busy) {
            return 0;
        }
        if (accounts == null) {
            accounts = new String[maxAccounts];
            days = new int[maxAccounts][];
        }
        int i = indexOf(account);
        if (i < 0) {
            if (count == accounts.length) {
                busy = true;
                accounts = null;
                days = null;
                return 0;
            }
            i = count++;
            accounts[i] = account;
            days[i] = new int[0];
        }
        int[] d = days[i];
        for (int seen : d) {
            if (seen == day) {
                return d.length;
            }
        }
        if (d.length < DAYS) {
            int[] grown = java.util.Arrays.copyOf(d, d.length + 1);
            grown[d.length] = day;
            days[i] = grown;
        }
        return days[i].length;
    }

    /** The other accounts that logged in here on at least {@code minDays} distinct days. */
    public synchronized java.util.List<String> othersWithDays(String account, int minDays) {
        java.util.List<String> result = new java.util.ArrayList<>();
        if (busy || accounts == null) {
            return result;
        }
        for (int i = 0; i < count; i++) {
            if (!accounts[i].equals(account) && days[i].length >= minDays) {
                result.add(accounts[i]);
            }
        }
        return result;
    }

    public synchronized boolean busy() {
        return busy;
    }

    private int indexOf(String account) {
        for (int i = 0; i < count; i++) {
            if (accounts[i].equals(account)) {
                return i;
            }
        }
        return -1;
    }

    // ---- binary form (StateCodec); the caller holds this object's monitor ----

    void write(java.io.DataOutput out) throws java.io.IOException {
        out.writeBoolean(busy);
        out.writeInt(accounts == null ? -1 : accounts.length);
        int n = accounts == null ? 0 : count; // a busy address keeps its count but no accounts
        out.writeInt(n);
        for (int i = 0; i < n; i++) {
            StateCodec.writeString(out, accounts[i]);
            StateCodec.writeInts(out, days[i]);
        }
    }

    static IpLogins read(java.io.DataInput in) throws java.io.IOException {
        IpLogins l = new IpLogins();
        l.busy = in.readBoolean();
        int capacity = in.readInt();
        StateCodec.check(capacity >= -1 && capacity <= StateCodec.MAX_ENTRIES, "capacity " + capacity);
        l.count = StateCodec.readCount(in, Math.max(0, capacity));
        StateCodec.check(l.busy == (capacity == -1) || !l.busy && capacity == -1 && l.count == 0, "address logins state");
        if (capacity >= 0) {
            l.accounts = new String[capacity];
            l.days = new int[capacity][];
        }
        for (int i = 0; i < l.count; i++) {
            l.accounts[i] = StateCodec.readString(in);
            l.days[i] = StateCodec.readInts(in);
            StateCodec.check(l.accounts[i] != null && l.days[i] != null && l.days[i].length <= DAYS, "address logins");
        }
        return l;
    }
}
