package io.logintelemetry.engine;

import io.logintelemetry.event.EventType;
import io.logintelemetry.flag.Signal;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Counters of one engine: events by type, flags by signal, our own errors, inputs we refused. Cheap
 * to bump from many request threads ({@link LongAdder}); read over JMX through {@link MetricsMXBean}.
 */
public final class EngineMetrics implements MetricsMXBean {

    private final Map<EventType, LongAdder> events = new EnumMap<>(EventType.class);
    private final Map<Signal, LongAdder> flags = new EnumMap<>(Signal.class);
    private final LongAdder rejectedEvents = new LongAdder();
    private final LongAdder detectorErrors = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder malformedHeaders = new LongAdder();
    private volatile Supplier<Map<String, Long>> cacheSizes = Map::of;
    private volatile LongSupplier flagsDropped = () -> 0;
    private volatile Supplier<Map<String, Long>> exportCounters = Map::of;
    private volatile Supplier<Map<String, Long>> stateSnapshot = Map::of;

    public EngineMetrics() {
        for (EventType t : EventType.values()) {
            events.put(t, new LongAdder());
        }
        for (Signal s : Signal.values()) {
            flags.put(s, new LongAdder());
        }
    }

    void event(EventType type) {
        events.get(type).increment();
    }

    void flag(Signal signal) {
        flags.get(signal).increment();
    }

    void rejectedEvent() {
        rejectedEvents.increment();
    }

    void detectorError() {
        detectorErrors.increment();
    }

    /** Counts a failure of our own code outside the detectors (servlet glue, sinks). */
    public void error() {
        errors.increment();
    }

    /** Counts a forwarding header or cookie we ignored as malformed or oversized. */
    public void malformedHeader() {
        malformedHeaders.increment();
    }

    void cacheSizes(Supplier<Map<String, Long>> sizes) {
        this.cacheSizes = sizes;
    }

    /** Where {@link #getFlagsDropped()} reads from: the log sink of the runtime that owns this engine. */
    public void flagsDropped(LongSupplier dropped) {
        this.flagsDropped = dropped;
    }

    /** Where {@link #getExportCounters()} reads from: the exporting sinks of the runtime that owns this engine. */
    public void exportCounters(Supplier<Map<String, Long>> counters) {
        this.exportCounters = counters;
    }

    /** Where {@link #getStateSnapshot()} reads from: the runtime's periodic snapshot, if any. */
    public void stateSnapshot(Supplier<Map<String, Long>> counters) {
        this.stateSnapshot = counters;
    }

    @Override
    public long getEvents() {
        return events.values().stream().mapToLong(LongAdder::sum).sum();
    }

    @Override
    public Map<String, Long> getEventsByType() {
        Map<String, Long> result = new LinkedHashMap<>();
        events.forEach((t, n) -> result.put(t.wireName(), n.sum()));
        return result;
    }

    @Override
    public long getFlags() {
        return flags.values().stream().mapToLong(LongAdder::sum).sum();
    }

    @Override
    public Map<String, Long> getFlagsBySignal() {
        Map<String, Long> result = new LinkedHashMap<>();
        flags.forEach((s, n) -> {
            long v = n.sum();
            if (v > 0) {
                result.put(s.id(), v);
            }
        });
        return result;
    }

    @Override
    public long getFlagsDropped() {
        return flagsDropped.getAsLong();
    }

    @Override
    public long getRejectedEvents() {
        return rejectedEvents.sum();
    }

    @Override
    public long getDetectorErrors() {
        return detectorErrors.sum();
    }

    @Override
    public long getErrors() {
        return errors.sum();
    }

    @Override
    public long getMalformedHeaders() {
        return malformedHeaders.sum();
    }

    @Override
    public Map<String, Long> getCacheSizes() {
        return cacheSizes.get();
    }

    @Override
    public Map<String, Long> getExportCounters() {
        return exportCounters.get();
    }

    @Override
    public Map<String, Long> getStateSnapshot() {
        return stateSnapshot.get();
    }
}
