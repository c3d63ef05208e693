package io.logintelemetry.detect;

import io.logintelemetry.event.Event;
import io.logintelemetry.flag.Signal;
import io.logintelemetry.intel.IpInfo;
import io.logintelemetry.state.AccountSet;
import io.logintelemetry.state.AccountState;
import io.logintelemetry.state.SessionState;
import java.util.List;

/**
 * A detector: one class per signal, named after it. It reads the state the engine has just updated
 * with an event and adds {@link Finding}s; it never writes state, logs, or calls sinks. Each kind of
 * state has its own sub-interface, so the engine can hand each detector exactly the state it reads,
 * under that state's lock.
 *
 * <p>Detectors run on the request thread: they must be CPU-only and bounded. An exception from a
 * detector is counted and logged by the engine, and the request goes on.
 */
public sealed interface Detector permits Detector.OfAccount, Detector.OfIp, Detector.OfDevice, Detector.OfSession {

    /** The signal this detector raises. */
    Signal signal();

    /** Reads an account's own state: activity, login networks. Runs for every event with an account. */
    non-sealed interface OfAccount extends Detector {
        void evaluate(Event event, AccountState account, List<Finding> out);
    }

    /** Reads the accounts seen on the event's IP address. Runs for logins and requests with an IP. */
    non-sealed interface OfIp extends Detector {
        void evaluate(Event event, AccountSet accountsOnIp, IpInfo ipInfo, List<Finding> out);
    }

    /** Reads the accounts seen on the event's device id. Runs for logins and requests with a device. */
    non-sealed interface OfDevice extends Detector {
        void evaluate(Event event, AccountSet accountsOnDevice, List<Finding> out);
    }

    /** Reads the event's session. Runs for logins and requests with a session id. */
    non-sealed interface OfSession extends Detector {
        void evaluate(Event event, SessionState session, List<Finding> out);
    }
}
