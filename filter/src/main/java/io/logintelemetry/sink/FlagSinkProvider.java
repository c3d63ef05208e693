package io.logintelemetry.sink;

import io.logintelemetry.config.LoginTelemetryConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Creates the configured {@link FlagSink}s. Listed in
 * {@code META-INF/services/io.logintelemetry.sink.FlagSinkProvider} by the module that implements
 * them (export), so the servlet glue and the scan pick up SIEM exporters without depending on it.
 */
public interface FlagSinkProvider {

    /**
     * The sinks the configuration switches on; empty when none is configured.
     *
     * @param instance names this engine's instance (a webapp's context path, or {@code scan}), so two
     *                 webapps in one JVM keep apart whatever they store on disk
     * @throws io.logintelemetry.config.ConfigException naming the key, when a sink's settings are unusable
     */
    List<FlagSink> create(LoginTelemetryConfig config, String instance);

    /** The sinks of every provider visible to {@code classLoader}. */
    static List<FlagSink> discover(ClassLoader classLoader, LoginTelemetryConfig config, String instance) {
        List<FlagSink> sinks = new ArrayList<>();
        for (FlagSinkProvider provider : ServiceLoader.load(FlagSinkProvider.class, classLoader)) {
            sinks.addAll(provider.create(config, instance));
        }
        return sinks;
    }
}
