package io.logintelemetry.intel;

import io.logintelemetry.config.LoginTelemetryConfig;
import java.util.ServiceLoader;

/**
 * Creates the {@link IpIntelligence} from the configuration. Listed in
 * {@code META-INF/services/io.logintelemetry.intel.IpIntelligenceProvider} by the module that
 * implements it (geoip), so dropping that module on the class path is enough to switch it on.
 */
public interface IpIntelligenceProvider {

    IpIntelligence create(LoginTelemetryConfig config);

    /** The intelligence of the first provider visible to {@code classLoader}, or {@link IpIntelligence#NONE}. */
    static IpIntelligence discover(ClassLoader classLoader, LoginTelemetryConfig config) {
        for (IpIntelligenceProvider provider : ServiceLoader.load(IpIntelligenceProvider.class, classLoader)) {
            return provider.create(config);
        }
        return IpIntelligence.NONE;
    }
}
