package io.logintelemetry.it.throwing;

import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.detect.Detector;
import io.logintelemetry.detect.DetectorProvider;
import io.logintelemetry.detect.Finding;
import io.logintelemetry.event.Event;
import io.logintelemetry.flag.Signal;
import io.logintelemetry.intel.IpInfo;
import io.logintelemetry.state.AccountSet;
import io.logintelemetry.state.AccountState;
import java.util.List;

/**
 * A broken plug-in: detectors that throw on every event they see, on the account path and on the
 * IP path. The filter must fail open around them: same responses as without the filter, errors
 * counted.
 */
public class ThrowingDetectorProvider implements DetectorProvider {

    @Override
    public List<Detector> create(LoginTelemetryConfig config) {
        return List.of(new ThrowingAccountDetector(), new ThrowingIpDetector());
    }

    static final class ThrowingAccountDetector implements Detector.OfAccount {
        @Override
        public Signal signal() {
            return Signal.SESSION_LONG;
        }

        @Override
        public void evaluate(Event event, AccountState account, List<Finding> out) {
            throw new IllegalStateException("deliberately broken account detector (integration test)");
        }
    }

    static final class ThrowingIpDetector implements Detector.OfIp {
        @Override
        public Signal signal() {
            return Signal.IP_FANOUT;
        }

        @Override
        public void evaluate(Event event, AccountSet accountsOnIp, IpInfo ipInfo, List<Finding> out) {
            throw new IllegalStateException("deliberately broken IP detector (integration test)");
        }
    }
}
