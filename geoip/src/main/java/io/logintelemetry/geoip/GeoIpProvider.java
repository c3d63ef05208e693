package io.logintelemetry.geoip;

import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.geoip.insights.InsightsSecondOpinion;
import io.logintelemetry.intel.IpIntelligence;
import io.logintelemetry.intel.IpIntelligenceProvider;

/**
 * Switches on the geoip module's {@link GeoIpIntelligence} when this jar is on the class path (listed in
 * {@code META-INF/services/io.logintelemetry.intel.IpIntelligenceProvider}). Every source is optional:
 * with none configured the intelligence still starts, says in its start-up log line what is disabled,
 * and answers "unknown".
 */
public final class GeoIpProvider implements IpIntelligenceProvider {

    @Override
    public IpIntelligence create(LoginTelemetryConfig config) {
        return GeoIpIntelligence.open(config, secondOpinion(config));
    }

    /**
     * The second opinion: the MaxMind GeoIP2 Insights web service when {@code geoip.insights.enabled},
     * else {@link SecondOpinion#NONE}.
     *
     * @throws io.logintelemetry.config.ConfigException naming the key, when enabled without credentials
     */
    static SecondOpinion secondOpinion(LoginTelemetryConfig config) {
        return InsightsSecondOpinion.fromConfig(config);
    }
}
