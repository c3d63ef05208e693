package io.logintelemetry.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logintelemetry.action.Action;
import io.logintelemetry.flag.Severity;
import io.logintelemetry.flag.Signal;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigTest {

    @Test
    void unknownKeyIsRefusedNamingItWithASuggestion() {
        assertThatThrownBy(() -> LoginTelemetryConfig.from(Map.of("logintelemetry.detector.ip.churn.min-network", "5")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("logintelemetry.detector.ip.churn.min-network")
                .hasMessageContaining("unknown key")
                .hasMessageContaining("did you mean logintelemetry.detector.ip.churn.min-networks?")
                .extracting(e -> ((ConfigException) e).key()).isEqualTo("logintelemetry.detector.ip.churn.min-network");
    }

    @Test
    void unknownKeyFarFromAnyIsRefusedWithoutASuggestion() {
        assertThatThrownBy(() -> LoginTelemetryConfig.from(Map.of("logintelemetry.completely.different", "x")))
                .hasMessageContaining("logintelemetry.completely.different")
                .hasMessageNotContaining("did you mean");
    }

    @Test
    void keysOutsideOurPrefixAreNotOurs() {
        assertThat(LoginTelemetryConfig.from(Map.of("spring.datasource.url", "jdbc:x")).explicitValues()).isEmpty();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "logintelemetry.detector.ip.churn.min-networks, many",
            "logintelemetry.detector.ip.churn.min-networks, 1",
            "logintelemetry.detector.ip.churn.window, soon",
            "logintelemetry.detector.ip.churn.window, 0m",
            "logintelemetry.detector.session.long.enabled, maybe",
            "logintelemetry.detector.device.fanout.severity, critical",
            "logintelemetry.detector.ip.fanout.action, kill",
            "logintelemetry.network.shared-ranges, 100.64.0.0/99",
            "logintelemetry.score.weight.ip.churn, -1",
    })
    void badValueIsRefusedNamingTheKey(String key, String value) {
        assertThatThrownBy(() -> LoginTelemetryConfig.from(Map.of(key, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(key + ": ")
                .extracting(e -> ((ConfigException) e).key()).isEqualTo(key);
    }

    @Test
    void valuesThatMustAgreeAreCheckedTogether() {
        assertThatThrownBy(() -> LoginTelemetryConfig.from(Map.of("logintelemetry.score.medium", "80")))
                .hasMessageStartingWith("logintelemetry.score.medium: ");
        assertThatThrownBy(() -> LoginTelemetryConfig.from(Map.of("logintelemetry.detector.ip.fanout.action", "step_up")))
                .hasMessageStartingWith("logintelemetry.action.step-up-url: ");
    }

    @Test
    void parsesDurationsBothWaysAndPerSignalSettings() {
        LoginTelemetryConfig c = LoginTelemetryConfig.from(Map.of(
                "logintelemetry.detector.ip.churn.window", "90m",
                "logintelemetry.detector.session.long.max-duration", "PT8H",
                "logintelemetry.detector.ip.fanout.enabled", "off",
                "logintelemetry.detector.ip.churn.severity", "high",
                "logintelemetry.detector.ip.churn.action", "block"));
        assertThat(c.get(ConfigKeys.IP_CHURN_WINDOW)).isEqualTo(Duration.ofMinutes(90));
        assertThat(c.get(ConfigKeys.SESSION_LONG_MAX_DURATION)).isEqualTo(Duration.ofHours(8));
        assertThat(c.detector(Signal.IP_FANOUT).enabled()).isFalse();
        assertThat(c.detector(Signal.IP_CHURN).severity()).isEqualTo(Severity.HIGH);
        assertThat(c.detector(Signal.IP_CHURN).action()).isEqualTo(Action.BLOCK);
        assertThat(c.detector(Signal.SESSION_LONG).enabled()).isTrue();
    }

    @Test
    void environmentVariableNames() {
        assertThat(ConfigKeys.IP_CHURN_MIN_NETWORKS.environmentName()).isEqualTo("LOGINTELEMETRY_DETECTOR_IP_CHURN_MIN_NETWORKS");
        assertThat(ConfigKeys.ROUND_THE_CLOCK_MIN_HOURS.environmentName())
                .isEqualTo("LOGINTELEMETRY_DETECTOR_ACTIVITY_ROUND_THE_CLOCK_MIN_HOURS");
        assertThat(ConfigKeys.NETWORK_SHARED_RANGES.environmentName()).isEqualTo("LOGINTELEMETRY_NETWORK_SHARED_RANGES");
    }

    @Test
    void noTwoKeysShareAnEnvironmentVariable() {
        Set<String> seen = new HashSet<>();
        for (ConfigKey<?> key : ConfigKeys.all()) {
            assertThat(seen.add(key.environmentName())).as(key.name()).isTrue();
        }
    }

    @Test
    void environmentVariablesOverrideInitParametersAndSystemPropertiesOverrideBoth() {
        Map<String, String> init = Map.of("logintelemetry.detector.ip.churn.min-networks", "5",
                "logintelemetry.detector.ip.fanout.min-accounts", "7",
                "logintelemetry.detector.device.fanout.min-accounts", "9");
        Map<String, String> env = Map.of("LOGINTELEMETRY_DETECTOR_IP_CHURN_MIN_NETWORKS", "6",
                "LOGINTELEMETRY_DETECTOR_IP_FANOUT_MIN_ACCOUNTS", "8",
                "PATH", "/usr/bin");
        Properties system = new Properties();
        system.setProperty("logintelemetry.detector.ip.fanout.min-accounts", "11");
        system.setProperty("java.version", "17");
        LoginTelemetryConfig c = LoginTelemetryConfig.from(ConfigLoader.merge(null, init, env, system));
        assertThat(c.get(ConfigKeys.IP_CHURN_MIN_NETWORKS)).isEqualTo(6);
        assertThat(c.get(ConfigKeys.IP_FANOUT_MIN_ACCOUNTS)).isEqualTo(11);
        assertThat(c.get(ConfigKeys.DEVICE_FANOUT_MIN_ACCOUNTS)).isEqualTo(9);
    }

    @Test
    void badEnvironmentValueNamesTheKey() {
        Map<String, String> env = Map.of("LOGINTELEMETRY_DETECTOR_IP_CHURN_WINDOW", "later");
        assertThatThrownBy(() -> LoginTelemetryConfig.from(ConfigLoader.merge(null, Map.of(), env, new Properties())))
                .hasMessageStartingWith("logintelemetry.detector.ip.churn.window: ");
    }

    @Test
    void defaultsKeepEverySingleSignalBelowHigh() {
        assertThat(LoginTelemetryConfig.defaults().warnings()).isEmpty();
        assertThat(LoginTelemetryConfig.from(Map.of("logintelemetry.score.weight.device.fanout", "60")).warnings())
                .singleElement().asString().contains("device.fanout");
    }
}
