package io.logintelemetry.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The accounts that use one keyed-hashed identifier (an identity document or a payout account), in
 * the order they first used it. Capped at {@value #CAPACITY} accounts: far above any limit, and a
 * key shared by more is flagged long before. Thread-safe by synchronising on the instance.
 */
public final class KeyAccounts {

    static final int CAPACITY = 64;

    private final List<String> accounts = new ArrayList<>(2);
    private int total;

    KeyAccounts() {
    }

    /** Adds {@code account}; returns whether it is new to this key. */
    public synchronized boolean add(String account) {
        if (accounts.contains(account)) {
            return false;
        }
        total++;
        if (accounts.size() < CAPACITY) {
            accounts.add(account);
        }
        return true;
    }

    /** The accounts kept, first user first. */
    public synchronized List<String> accounts() {
        return new ArrayList<>(accounts);
    }

    /** How many distinct accounts used the key, including those beyond the cap. */
    public synchronized int count() {
        return total;
    }

    // ---- binary form (StateCodec); the caller holds this object's monitor ----

    void write(DataOutput out) throws IOException {
        out.writeInt(total);
        out.writeInt(accounts.size());
        for (String a : accounts) {
            StateCodec.writeString(out, a);
        }
    }

    static KeyAccounts read(DataInput in) throws IOException {
        KeyAccounts k = new KeyAccounts();
        k.total = in.readInt();
        int n = StateCodec.readCount(in, CAPACITY);
        StateCodec.check(k.total >= n, "identifier count");
        for (int i = 0; i < n; i++) {
            String a = StateCodec.readString(in);
            StateCodec.check(a != null, "null account");
            k.accounts.add(a);
        }
        return k;
    }
}
