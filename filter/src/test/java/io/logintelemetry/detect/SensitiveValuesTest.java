package io.logintelemetry.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logintelemetry.config.ConfigException;
import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.engine.Engine;
import io.logintelemetry.event.Event;
import io.logintelemetry.event.EventType;
import io.logintelemetry.event.SensitiveValues;
import io.logintelemetry.flag.Flag;
import io.logintelemetry.flag.FlagJson;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Sensitive values become keyed hashes after EVENTS.md normalisation, before the engine keeps anything. */
class SensitiveValuesTest {

    private final SensitiveValues values = SensitiveValues.withSecret(Market.SECRET);

    @ParameterizedTest(name = "''{0}'' is ''{1}''")
    @CsvSource(delimiter = '|', value = {
            "AB-123 456 7        | ab1234567",
            "ＡＢ１２３４５６７       | ab1234567",
            "ab.123/456_7        | ab1234567",
            "0005-123-1234567    | 00051231234567",
            "  0005 123 1234567  | 00051231234567",
            "ｄｅ８９ ３７０４ ００４４ | de8937040044",
    })
    void normalisesBeforeHashing(String raw, String normalised) {
        assertThat(SensitiveValues.normalise(raw)).isEqualTo(normalised);
        assertThat(values.hash(raw)).isEqualTo(values.hash(normalised)).startsWith(SensitiveValues.PREFIX).hasSize(24);
    }

    @Test
    void theHashDependsOnTheSecretAndTheValue() {
        assertThat(values.hash("AB1234567")).isNotEqualTo(values.hash("AB1234568"));
        assertThat(values.hash("AB1234567")).isNotEqualTo(SensitiveValues.withSecret("another-secret-987654").hash("AB1234567"));
        assertThat(values.hash(" - ")).isNull();
    }

    @Test
    void protectReplacesTheSensitiveFieldsOnly() {
        Event doc = Event.builder(EventType.IDENTITY_DOCUMENT, 0).account("u1").detail("document", "AB-1234567")
                .detail("name", "Taro").build();
        Event p = values.protect(doc);
        assertThat(p.detail("document")).isEqualTo(values.hash("AB1234567"));
        assertThat(p.detail("name")).isEqualTo("Taro");
        Event payout = Event.builder(EventType.PAYOUT_ACCOUNT, 0).account("u1").detail("payout_ref", "0005-123")
                .detail("holder_name", "ヤマダ タロウ").build();
        assertThat(values.protect(payout).detail("payout_ref")).isEqualTo(values.hash("0005123"));
        Event change = Event.builder(EventType.PROFILE_CHANGE, 0).account("u1").detail("field", "email")
                .detail("value", "a@example.com").build();
        assertThat(values.protect(change).detail("value")).startsWith("k:");
        Event login = Event.builder(EventType.LOGIN, 0).account("u1").build();
        assertThat(values.protect(login)).isSameAs(login);
    }

    @ParameterizedTest(name = "secret ''{0}''")
    @CsvSource(value = {"''", "short"})
    void aMissingOrShortSecretIsAStartUpErrorNamingTheKey(String secret) {
        assertThatThrownBy(() -> LoginTelemetryConfig.from(Map.of("logintelemetry.marketplace.enabled", "true",
                "logintelemetry.hash.secret", secret)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("logintelemetry.hash.secret: ");
        assertThatThrownBy(() -> LoginTelemetryConfig.from(Map.of("logintelemetry.marketplace.enabled", "true")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("logintelemetry.hash.secret: is required when logintelemetry.marketplace.enabled=true");
    }

    @Test
    void withMarketplaceEventsOffNoSecretIsNeeded() {
        assertThat(LoginTelemetryConfig.defaults().get(io.logintelemetry.config.ConfigKeys.HASH_SECRET)).isEmpty();
        Engine engine = Engine.builder(LoginTelemetryConfig.defaults()).build();
        assertThat(engine.accept(Event.builder(EventType.IDENTITY_DOCUMENT, 0).account("u1").detail("document", "X1").build()))
                .isEmpty();
    }

    @Test
    void noFlagCarriesTheDocumentNumberOrPayoutReference() {
        Sim sim = Market.sim();
        sim.send(Market.document("u1", Sim.min(0), "AB-1234567"));
        sim.send(Market.document("u2", Sim.min(1), "ab 123 4567"));
        sim.send(Market.payout("u1", Sim.min(2), "0005-123-7654321", "Taro"));
        sim.send(Market.payout("u2", Sim.min(3), "0005 123 7654321", "Taro"));
        assertThat(sim.flags).isNotEmpty();
        for (Flag f : sim.flags) {
            // Without the random flag id, which could hold any short run of digits.
            String json = FlagJson.toJson(f).replace(f.id(), "");
            assertThat(json).doesNotContain("1234567", "7654321");
        }
    }
}
