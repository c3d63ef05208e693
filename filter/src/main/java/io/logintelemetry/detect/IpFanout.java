package io.logintelemetry.detect;

import io.logintelemetry.config.ConfigKeys;
import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.event.Event;
import io.logintelemetry.flag.Evidence;
import io.logintelemetry.flag.Severity;
import io.logintelemetry.flag.Signal;
import io.logintelemetry.intel.IpInfo;
import io.logintelemetry.state.AccountSet;
import java.util.List;

/**
 * {@code ip.fanout}: many accounts behind one IP address. Addresses many people share by design
 * (mobile carriers, carrier CGNAT and configured office ranges: {@link IpInfo#isShared()}) get the higher {@code shared-min-accounts} limit, so a
 * busy mobile network or a company NAT is not taken for a team of workers.
 */
public final class IpFanout implements Detector.OfIp {

    private final int limit;
    private final int sharedLimit;
    private final long window;
    private final Severity severity;

    public IpFanout(LoginTelemetryConfig config) {
        this.limit = config.get(ConfigKeys.IP_FANOUT_MIN_ACCOUNTS);
        this.sharedLimit = config.get(ConfigKeys.IP_FANOUT_SHARED_MIN_ACCOUNTS);
        this.window = config.get(ConfigKeys.IP_FANOUT_WINDOW).toMillis();
        this.severity = config.detector(signal()).severity();
    }

    @Override
    public Signal signal() {
        return Signal.IP_FANOUT;
    }

    /** No: both limits are at least two accounts (the configuration's lower bound). */
    @Override
    public boolean runsOnAddressesOfOneAccount() {
        return false;
    }

    @Override
    public void evaluate(Event event, AccountSet accountsOnIp, IpInfo ipInfo, List<Finding> out) {
        boolean shared = ipInfo.isShared();
        int applies = shared ? sharedLimit : limit;
        if (!AccountFanout.reached(accountsOnIp, event.timestamp(), window, applies)) {
            return; // the common case: count first, format the address and evidence only for a finding
        }
        String ip = event.ip().toString();
        Evidence.Builder extras = Evidence.builder()
                .ip("ip", ip)
                .put("shared_network", shared);
        if (ipInfo.asn() != 0) {
            extras.put("asn", ipInfo.asnLabel());
        }
        extras.put("country", ipInfo.country()).put("source", ipInfo.source());
        AccountFanout.evaluate(signal(), accountsOnIp, event.timestamp(), window, applies,
                severity, shared ? "one shared IP address" : "one IP address", ip, null, extras, out);
    }
}
