package io.logintelemetry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.detect.Detector;
import io.logintelemetry.detect.Finding;
import io.logintelemetry.event.Event;
import io.logintelemetry.event.EventType;
import io.logintelemetry.flag.Signal;
import io.logintelemetry.intel.IpInfo;
import io.logintelemetry.net.IpAddress;
import io.logintelemetry.state.AccountSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Address detectors and addresses seen by one account: the engine keeps those without a set only
 * while no address detector asks for them (see {@link Detector.OfIp#runsOnAddressesOfOneAccount()}).
 */
class AddressDetectorsTest {

    private static final long T0 = 1_772_000_000_000L;

    /** An address detector of an application's own, with the default answer: it sees every event. */
    private static final class Recorder implements Detector.OfIp {
        final List<Integer> accountsSeen = new ArrayList<>();

        @Override
        public Signal signal() {
            return Signal.IP_FANOUT;
        }

        @Override
        public void evaluate(Event event, AccountSet accountsOnIp, IpInfo ipInfo, List<Finding> out) {
            accountsSeen.add(accountsOnIp.countSince(Long.MIN_VALUE));
        }
    }

    @Test
    void anAddressDetectorWithTheDefaultSeesEveryEventOfALoneAccountAlongsideTheBuiltInOnes() {
        Recorder recorder = new Recorder();
        Engine engine = Engine.builder(LoginTelemetryConfig.defaults()).addDetectors(List.of(recorder)).build();
        IpAddress ip = IpAddress.parse("198.51.100.7").orElseThrow();

        for (int i = 0; i < 3; i++) {
            engine.accept(Event.builder(i == 0 ? EventType.LOGIN : EventType.REQUEST, T0 + i * 60_000L)
                    .account("alice").ip(ip).session("s1").build());
        }
        engine.accept(Event.builder(EventType.LOGIN, T0 + 600_000L).account("bob").ip(ip).session("s2").build());

        assertThat(recorder.accountsSeen).containsExactly(1, 1, 1, 2);
    }
}
