package io.logintelemetry.sink;

import io.logintelemetry.flag.Flag;
import java.util.Map;

/**
 * Where raised flags go: the JSON log, and with the export module syslog, Splunk HEC, ECS, webhooks.
 *
 * <p>{@link #publish} is called on the request thread and must never block or do I/O: a sink hands
 * the flag to its own bounded queue (see {@link BoundedWorker}) and returns.
 */
public interface FlagSink extends AutoCloseable {

    /**
     * Hands over a flag.
     *
     * @param firstOfAccount whether it is the account's first flag for its signal; such flags are
     *                       never the ones dropped under flood control
     */
    void publish(Flag flag, boolean firstOfAccount);

    /**
     * The sink's counters for JMX (queued, delivered, spooled, dropped...), each name prefixed with
     * the sink's name, e.g. {@code hec.delivered}. Empty by default.
     */
    default Map<String, Long> counters() {
        return Map.of();
    }

    /** Delivers what is queued, within the sink's own time limit, and releases its resources. */
    @Override
    default void close() {
    }
}
