package io.logintelemetry.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logintelemetry.config.ConfigException;
import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.event.EventType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing and validation of capture rules; the requests themselves are tested on Tomcat (CaptureRulesIT). */
class CaptureRulesTest {

    @Test
    void aRuleNamesRequestConditionsTypeAndSources() {
        CaptureRule rule = CaptureRule.parse(
                "post /api/jobs/* if json:/kind=bid and form:confirm -> message to=json:/client/id text=json:/text "
                        + "account=json:/from");

        assertThat(rule.method).isEqualTo("POST");
        assertThat(rule.matches("POST", "/api/jobs/17")).isTrue();
        assertThat(rule.matches("GET", "/api/jobs/17")).isFalse();
        assertThat(rule.matches("POST", "/api/other")).isFalse();
        assertThat(rule.type).isEqualTo(EventType.MESSAGE);
        assertThat(rule.conditions).hasSize(2);
        assertThat(rule.conditions.get(0).expected()).isEqualTo("bid");
        assertThat(rule.conditions.get(1).expected()).isNull();
        assertThat(rule.fields).containsOnlyKeys("to", "text");
        assertThat(rule.account).isInstanceOf(CaptureSource.Json.class);
        assertThat(rule.needsBody).isTrue();
        assertThat(CaptureRule.parse("* /profile -> profile_change field=const:email value=form:email").needsBody).isFalse();
    }

    @Test
    void rulesFromConfigurationAndFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rules.txt");
        Files.writeString(file, """
                # payouts from the settings form
                POST /settings/payout -> payout_account holder_name=form:holder payout_ref=form:iban

                POST /api/reviews -> review subject=json:/worker rating=json:/stars   # JSON API
                """, StandardCharsets.UTF_8);
        CaptureRules rules = CaptureRules.from(LoginTelemetryConfig.from(Map.of(
                "logintelemetry.capture.rules", "POST /msg -> message to=form:to text=form:text; PUT /offer -> offer rate=json:/rate",
                "logintelemetry.capture.rules-file", file.toString())));

        assertThat(rules.describe()).hasSize(4).contains("POST /api/reviews -> review subject=json:/worker rating=json:/stars");
        assertThat(CaptureRules.from(LoginTelemetryConfig.defaults()).isEmpty()).isTrue();
    }

    @Test
    void wrongRulesAreRefusedNamingTheKeyAndTheFault() {
        assertRefused("POST /x message to=form:to", "logintelemetry.capture.rules", "no '->'");
        assertRefused("POST /x -> payment to=form:to", "logintelemetry.capture.rules", "'payment' is not an event type");
        assertRefused("POST /x -> request path=form:p", "logintelemetry.capture.rules", "'request' is not an event type");
        assertRefused("POST /x -> message recipient=form:to", "logintelemetry.capture.rules", "message has no field 'recipient'");
        assertRefused("POST /x -> message to=body:to", "logintelemetry.capture.rules", "unknown source kind 'body'");
        assertRefused("POST /x -> message to=json:to", "logintelemetry.capture.rules", "starts with /");
        assertRefused("POST x -> message to=form:to", "logintelemetry.capture.rules", "must start with /");
        assertRefused("POST /x when form:a -> message", "logintelemetry.capture.rules", "expected 'if'");
        assertRefused("P0ST /x -> message", "logintelemetry.capture.rules", "no HTTP method");
        assertRefused("POST /x -> message to=form:a to=form:b", "logintelemetry.capture.rules", "sets to twice");
    }

    @Test
    void anUnreadableRulesFileIsRefused(@TempDir Path dir) {
        assertThatThrownBy(() -> CaptureRules.from(LoginTelemetryConfig.from(Map.of(
                "logintelemetry.capture.rules-file", dir.resolve("missing.txt").toString()))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("logintelemetry.capture.rules-file")
                .hasMessageContaining("cannot read");
    }

    @Test
    void bodyLimitIsValidatedByTheConfiguration() {
        assertThatThrownBy(() -> LoginTelemetryConfig.from(Map.of("logintelemetry.capture.max-body-bytes", "10")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("logintelemetry.capture.max-body-bytes");
    }

    private static void assertRefused(String rule, String key, String reason) {
        assertThatThrownBy(() -> CaptureRules.from(LoginTelemetryConfig.from(Map.of("logintelemetry.capture.rules", rule))))
                .as(rule)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(key)
                .hasMessageContaining(reason);
    }
}
