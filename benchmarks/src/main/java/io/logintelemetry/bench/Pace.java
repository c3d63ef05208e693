package io.logintelemetry.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Spaces a benchmark's calls to {@link #rate} per second, as requests arrive at a server rather than
 * back to back: the benchmark thread sleeps before each call, outside the measured time. Used where a
 * background thread (the Redis worker) competes for the CPU with a thread that calls without pause,
 * which no request thread does. Each call then starts with colder CPU caches than back-to-back
 * calls, so compare paced figures only with paced figures.
 */
@State(Scope.Thread)
public class Pace {

    /** Calls per second. */
    @Param({"2000"})
    public int rate;

    private long nextAt;

    @Setup(Level.Invocation)
    public void waitForTurn() {
        long now = System.nanoTime();
        if (nextAt == 0 || now - nextAt > TimeUnit.SECONDS.toNanos(1)) {
            nextAt = now; // start, or resume after JMH's own pause between iterations
        }
        nextAt += TimeUnit.SECONDS.toNanos(1) / rate;
        long wait = nextAt - System.nanoTime();
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        }
    }
}
