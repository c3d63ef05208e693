package io.logintelemetry.it.capture;

import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.detect.Detector;
import io.logintelemetry.detect.DetectorProvider;
import io.logintelemetry.detect.Finding;
import io.logintelemetry.event.Event;
import io.logintelemetry.event.EventType;
import io.logintelemetry.flag.Signal;
import io.logintelemetry.state.AccountState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A detector plug-in of the test app that raises nothing: it writes down the events of the
 * marketplace types the engine receives (type, account, fields), so the test can see what capture
 * rules made. Payout references are written down only as present or not: the engine may hash them.
 */
public class EventRecorder implements DetectorProvider {

    private static final int MAX = 1000;
    private static final List<String> RECORDED = new ArrayList<>();

    @Override
    public List<Detector> create(LoginTelemetryConfig config) {
        return List.of(new Recorder());
    }

    static synchronized List<String> recorded() {
        return List.copyOf(RECORDED);
    }

    private static synchronized void record(String line) {
        if (RECORDED.size() < MAX) {
            RECORDED.add(line);
        }
    }

    static final class Recorder implements Detector.OfAccount {
        @Override
        public Signal signal() {
            return Signal.PROFILE_CHURN;
        }

        @Override
        public void evaluate(Event event, AccountState account, List<Finding> out) {
            if (event.type() != EventType.PAYOUT_ACCOUNT && event.type() != EventType.MESSAGE) {
                return;
            }
            Map<String, String> fields = new TreeMap<>(event.details());
            if (fields.containsKey("payout_ref")) {
                fields.put("payout_ref", fields.get("payout_ref").isEmpty() ? "absent" : "present");
            }
            StringBuilder line = new StringBuilder(event.type().wireName()).append(" account=").append(event.account());
            fields.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
            record(line.toString());
        }
    }
}
