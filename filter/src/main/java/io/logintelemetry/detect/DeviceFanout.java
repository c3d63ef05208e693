package io.logintelemetry.detect;

import io.logintelemetry.config.ConfigKeys;
import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.event.Event;
import io.logintelemetry.flag.Evidence;
import io.logintelemetry.flag.Severity;
import io.logintelemetry.flag.Signal;
import io.logintelemetry.state.AccountSet;
import java.util.List;

/**
 * {@code device.fanout}: one browser or device (the filter's first-party cookie, or an id the app
 * supplies) used for several accounts.
 */
public final class DeviceFanout implements Detector.OfDevice {

    private final int limit;
    private final long window;
    private final Severity severity;

    public DeviceFanout(LoginTelemetryConfig config) {
        this.limit = config.get(ConfigKeys.DEVICE_FANOUT_MIN_ACCOUNTS);
        this.window = config.get(ConfigKeys.DEVICE_FANOUT_WINDOW).toMillis();
        this.severity = config.detector(signal()).severity();
    }

    @Override
    public Signal signal() {
        return Signal.DEVICE_FANOUT;
    }

    @Override
    public void evaluate(Event event, AccountSet accountsOnDevice, List<Finding> out) {
        if (!AccountFanout.reached(accountsOnDevice, event.timestamp(), window, limit)) {
            return; // the common case: count first, build evidence only for a finding
        }
        Evidence.Builder extras = Evidence.builder().put("device", event.device());
        AccountFanout.evaluate(signal(), accountsOnDevice, event.timestamp(), window, limit, severity,
                "one device", event.ip() == null ? null : event.ip().toString(), event.device(), extras, out);
    }
}
