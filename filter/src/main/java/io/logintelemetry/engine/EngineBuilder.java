package io.logintelemetry.engine;

import io.logintelemetry.config.ConfigKeys;
import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.detect.BuiltInDetectors;
import io.logintelemetry.detect.Detector;
import io.logintelemetry.intel.IpIntelligence;
import io.logintelemetry.sink.FlagSink;
import io.logintelemetry.state.InMemoryStateStore;
import io.logintelemetry.state.StateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds an {@link Engine}. Everything but the configuration has a default: in-memory state, no IP
 * intelligence, the built-in detectors, no sinks (the caller reads {@link Engine#accept}'s result),
 * no node name.
 */
public final class EngineBuilder {

    final LoginTelemetryConfig config;
    StateStore state;
    IpIntelligence intelligence = IpIntelligence.NONE;
    final List<FlagSink> sinks = new ArrayList<>();
    List<Detector> detectors;
    String node;
    EngineMetrics metrics = new EngineMetrics();

    EngineBuilder(LoginTelemetryConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public EngineBuilder stateStore(StateStore state) {
        this.state = Objects.requireNonNull(state);
        return this;
    }

    public EngineBuilder ipIntelligence(IpIntelligence intelligence) {
        this.intelligence = Objects.requireNonNull(intelligence);
        return this;
    }

    public EngineBuilder sink(FlagSink sink) {
        sinks.add(Objects.requireNonNull(sink));
        return this;
    }

    /** Replaces the built-in detectors. */
    public EngineBuilder detectors(List<Detector> detectors) {
        this.detectors = List.copyOf(detectors);
        return this;
    }

    /** Adds detectors to the built-in ones (or to those given with {@link #detectors}). */
    public EngineBuilder addDetectors(List<Detector> more) {
        if (detectors == null) {
            detectors = BuiltInDetectors.create(config);
        }
        List<Detector> all = new ArrayList<>(detectors);
        all.addAll(more);
        detectors = List.copyOf(all);
        return this;
    }

    /** The instance name in live flags; null in the offline scan. */
    public EngineBuilder node(String node) {
        this.node = node;
        return this;
    }

    /**
     * The node name from {@code logintelemetry.node}, else the host name: the {@code HOSTNAME} or
     * {@code COMPUTERNAME} environment variable, else {@code /etc/hostname}. Not
     * {@code InetAddress.getLocalHost()}: that may wait on DNS, and start-up must not hang on it.
     */
    public EngineBuilder nodeFromConfig() {
        String configured = config.get(ConfigKeys.NODE);
        if (!configured.isBlank()) {
            return node(configured);
        }
        for (String candidate : new String[] {System.getenv("HOSTNAME"), System.getenv("COMPUTERNAME"), etcHostname()}) {
            if (candidate != null && !candidate.isBlank()) {
                return node(candidate.trim());
            }
        }
        return node("unknown");
    }

    private static String etcHostname() {
        try {
            java.nio.file.Path file = java.nio.file.Path.of("/etc/hostname");
            return java.nio.file.Files.isReadable(file) ? java.nio.file.Files.readString(file).lines().findFirst().orElse(null) : null;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    public EngineBuilder metrics(EngineMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics);
        return this;
    }

    public Engine build() {
        if (state == null) {
            state = new InMemoryStateStore(config);
        }
        if (detectors == null) {
            detectors = BuiltInDetectors.create(config);
        }
        return new Engine(this);
    }
}
