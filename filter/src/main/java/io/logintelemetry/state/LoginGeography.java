package io.logintelemetry.state;

import io.logintelemetry.intel.IpInfo;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

/**
 * The geography of an account's recent logins: which ASNs and countries it came from, how many of
 * its logins in the last 7 days came through anonymizers, and its last two located logins for the
 * travel-speed rule. Created with the first login that IP intelligence knows anything about, so
 * accounts of an installation without IP intelligence never pay for it. Not thread-safe: the owning
 * {@link AccountState} synchronises.
 */
final class LoginGeography {

    private static final long DAY = 24 * 3_600_000L;
    private static final int DAYS = 7;

    // Created with the first ASN / country: ranges configured by the operator (CGNAT) make a login
    // "known" without either, and every account pays for what it holds.
    private RecentKeys<String> asns;
    private RecentKeys<String> countries;
    /**
     * Per day: logins in the low 16 bits, anonymized ones in the high 16 (each saturating at 65,535, far
     * above any rule's limit): one array instead of two, as every account with IP intelligence has one.
     */
    private final int[] days = new int[DAYS];
    private long headDay = Long.MIN_VALUE;
    private LoginSighting lastLocated;
    private LoginSighting previousLocated;

    void record(LoginSighting login) {
        IpInfo info = login.info();
        if (info.asn() != 0) {
            if (asns == null) {
                asns = new RecentKeys<>(32);
            }
            asns.touch(info.asnLabel(), login.time());
        }
        if (info.country() != null) {
            if (countries == null) {
                countries = new RecentKeys<>(16);
            }
            countries.touch(info.country(), login.time());
        }
        long day = Math.floorDiv(login.time(), DAY);
        if (advance(day)) {
            int slot = (int) Math.floorMod(day, (long) DAYS);
            int packed = days[slot];
            int logins = Math.min(0xFFFF, (packed & 0xFFFF) + 1);
            int anonymized = Math.min(0xFFFF, (packed >>> 16) + (info.isAnonymizer() ? 1 : 0));
            days[slot] = anonymized << 16 | logins;
        }
        if (info.isLocated() && (lastLocated == null || login.time() >= lastLocated.time())) {
            previousLocated = lastLocated;
            lastLocated = login;
        }
    }

    private boolean advance(long day) {
        if (headDay == Long.MIN_VALUE || day > headDay) {
            long from = headDay == Long.MIN_VALUE ? day : Math.max(headDay + 1, day - DAYS + 1);
            for (long d = from; d <= day; d++) {
                int slot = (int) Math.floorMod(d, (long) DAYS);
                days[slot] = 0;
            }
            headDay = day;
            return true;
        }
        return day > headDay - DAYS;
    }

    List<String> asnsSince(long since) {
        return asns == null ? List.of() : asns.keysSince(since);
    }

    List<String> countriesSince(long since) {
        return countries == null ? List.of() : countries.keysSince(since);
    }

    /** Logins, and of those anonymized ones, over the 7 days up to the latest login: {total, anonymized}. */
    int[] loginsLastWeek() {
        int total = 0;
        int anon = 0;
        for (int i = 0; i < DAYS; i++) {
            total += days[i] & 0xFFFF;
            anon += days[i] >>> 16;
        }
        return new int[] {total, anon};
    }

    LoginSighting lastLocated() {
        return lastLocated;
    }

    LoginSighting previousLocated() {
        return previousLocated;
    }

    // ---- binary form (StateCodec); the owner holds its monitor ----

    void write(DataOutput out) throws IOException {
        StateCodec.writeKeys(out, asns);
        StateCodec.writeKeys(out, countries);
        for (int d : days) {
            out.writeInt(d);
        }
        out.writeLong(headDay);
        StateCodec.writeSighting(out, lastLocated);
        StateCodec.writeSighting(out, previousLocated);
    }

    static LoginGeography read(DataInput in) throws IOException {
        LoginGeography g = new LoginGeography();
        g.asns = StateCodec.readKeys(in);
        g.countries = StateCodec.readKeys(in);
        for (int i = 0; i < DAYS; i++) {
            g.days[i] = in.readInt();
        }
        g.headDay = in.readLong();
        g.lastLocated = StateCodec.readSighting(in);
        g.previousLocated = StateCodec.readSighting(in);
        return g;
    }
}
