package io.logintelemetry.geoip.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A GeoIP2-Anonymous-IP record, built fluently: {@code TestDatabases.anonymous().vpn().hosting()}.
 *
 * <p>Like MaxMind's files, only true flags are stored; the reader reports an absent flag as false.
 * {@code is_anonymous} is true when any other flag is, as MaxMind defines it, unless set explicitly
 * with {@link #anonymous(boolean)} (to test an inconsistent record, say).
 */
public final class AnonymousIpRecord implements MmdbRecord {

    private Boolean anonymous;
    private boolean vpn;
    private boolean hosting;
    private boolean publicProxy;
    private boolean residentialProxy;
    private boolean torExitNode;

    public AnonymousIpRecord anonymous(boolean value) {
        this.anonymous = value;
        return this;
    }

    public AnonymousIpRecord vpn() {
        this.vpn = true;
        return this;
    }

    public AnonymousIpRecord hosting() {
        this.hosting = true;
        return this;
    }

    public AnonymousIpRecord publicProxy() {
        this.publicProxy = true;
        return this;
    }

    public AnonymousIpRecord residentialProxy() {
        this.residentialProxy = true;
        return this;
    }

    public AnonymousIpRecord torExitNode() {
        this.torExitNode = true;
        return this;
    }

    @Override
    public Map<String, Object> toMmdb() {
        Map<String, Object> map = new LinkedHashMap<>();
        boolean any = vpn || hosting || publicProxy || residentialProxy || torExitNode;
        putIfTrue(map, "is_anonymous", anonymous != null ? anonymous : any);
        putIfTrue(map, "is_anonymous_vpn", vpn);
        putIfTrue(map, "is_hosting_provider", hosting);
        putIfTrue(map, "is_public_proxy", publicProxy);
        putIfTrue(map, "is_residential_proxy", residentialProxy);
        putIfTrue(map, "is_tor_exit_node", torExitNode);
        return map;
    }

    private static void putIfTrue(Map<String, Object> map, String key, boolean value) {
        if (value) {
            map.put(key, Boolean.TRUE);
        }
    }

    @Override
    public String toString() {
        return "AnonymousIpRecord" + toMmdb();
    }
}
