package io.logintelemetry.engine;

import java.util.Map;

/**
 * The counters published over JMX as {@code io.logintelemetry:type=Metrics} (with
 * {@code ,context=<context path>} per web application).
 */
public interface MetricsMXBean {

    /** Events accepted, all types. */
    long getEvents();

    Map<String, Long> getEventsByType();

    /** Flags raised, all signals. */
    long getFlags();

    Map<String, Long> getFlagsBySignal();

    /** Flags the log sink dropped under flood control. */
    long getFlagsDropped();

    /** Events refused as incomplete (e.g. a login without an account). */
    long getRejectedEvents();

    /** Exceptions thrown by detectors (each counted, logged rate-limited, and skipped). */
    long getDetectorErrors();

    /** Failures of our own code elsewhere; the request went on untouched. */
    long getErrors();

    /** Forwarding headers or device cookies ignored as malformed or oversized. */
    long getMalformedHeaders();

    /** Entries per state cache: accounts, ips, devices, sessions. */
    Map<String, Long> getCacheSizes();

    /** Counters of the SIEM exporters, named {@code <sink>.<counter>}: queued, spooled, delivered, retries, dropped... */
    Map<String, Long> getExportCounters();

    /**
     * The state snapshot, when one is configured: {@code written}, {@code failed}, {@code last-bytes},
     * {@code last-write-millis}, {@code last-written-at} (epoch ms); empty without a snapshot.
     */
    Map<String, Long> getStateSnapshot();
}
