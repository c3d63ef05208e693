package io.logintelemetry.redis;

import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.state.StateStore;
import io.logintelemetry.state.StateStoreProvider;

/**
 * Selected by {@code logintelemetry.state.store=redis} (listed in
 * {@code META-INF/services/io.logintelemetry.state.StateStoreProvider}).
 */
public final class RedisStateStoreProvider implements StateStoreProvider {

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public StateStore create(LoginTelemetryConfig config, String instance) {
        return RedisStateStore.create(config, instance);
    }
}
