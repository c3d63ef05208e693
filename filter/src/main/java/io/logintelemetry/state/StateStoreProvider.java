package io.logintelemetry.state;

import io.logintelemetry.config.ConfigException;
import io.logintelemetry.config.ConfigKeys;
import io.logintelemetry.config.LoginTelemetryConfig;
import java.util.ServiceLoader;

/**
 * Creates a shared {@link StateStore} that {@code logintelemetry.state.store} names. Listed in
 * {@code META-INF/services/io.logintelemetry.state.StateStoreProvider} by the module that implements
 * it (redis), so the servlet glue picks it up without depending on it.
 */
public interface StateStoreProvider {

    /** The value of {@code logintelemetry.state.store} that selects this provider, e.g. {@code redis}. */
    String name();

    /**
     * The store, ready to take calls; it must not wait on the network here (connecting is the
     * store's background work).
     *
     * @param instance names this engine's instance (a webapp's context path)
     * @throws ConfigException naming the key, when the store's settings are unusable
     */
    StateStore create(LoginTelemetryConfig config, String instance);

    /**
     * The store the configuration selects, or null for the default in-memory one.
     *
     * @throws ConfigException when no provider visible to {@code classLoader} has that name
     */
    static StateStore discover(ClassLoader classLoader, LoginTelemetryConfig config, String instance) {
        String wanted = config.get(ConfigKeys.STATE_STORE);
        if ("memory".equals(wanted)) {
            return null;
        }
        for (StateStoreProvider provider : ServiceLoader.load(StateStoreProvider.class, classLoader)) {
            if (provider.name().equals(wanted)) {
                return provider.create(config, instance);
            }
        }
        throw new ConfigException(ConfigKeys.STATE_STORE.name(), "'" + wanted + "' needs the logintelemetry-" + wanted
                + " jar (and its dependencies) on the web application's class path; see the README");
    }
}
