package io.logintelemetry.detect;

import static io.logintelemetry.detect.Sim.min;
import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.flag.Flag;
import io.logintelemetry.flag.Severity;
import io.logintelemetry.flag.Signal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** offer.below_market: a rate under half the median of its category and currency. */
class OfferBelowMarketTest {

    /** 40 offers around 4000 JPY an hour in web development (3000 to 5000). */
    private static Sim market(String... config) {
        Sim sim = Market.sim(config);
        for (int i = 0; i < 40; i++) {
            sim.send(Market.offer("m" + i, min(i), String.valueOf(3000 + (i * 53) % 2001), "JPY", "web"));
        }
        return sim;
    }

    @ParameterizedTest(name = "{0} {1} in {2}: {3}")
    @CsvSource({
            "3000, JPY, web, ''",
            "2100, JPY, web, ''",
            "1900, JPY, web, low",
            "900, JPY, web, medium",
            // Another currency or category has its own market, still too small to judge.
            "900, USD, web, ''",
            "900, JPY, design, ''",
            "abc, JPY, web, ''",
            "-5, JPY, web, ''",
    })
    void belowHalfTheMedian(String rate, String currency, String category, String severity) {
        Sim sim = market();
        sim.send(Market.offer("bidder", min(100), rate, currency, category));
        if (severity.isEmpty()) {
            assertThat(sim.flagsOf(Signal.OFFER_BELOW_MARKET)).isEmpty();
        } else {
            assertThat(sim.flagsOf(Signal.OFFER_BELOW_MARKET)).extracting(Flag::account).containsExactly("bidder");
            assertThat(sim.flagsOf(Signal.OFFER_BELOW_MARKET).get(0).severity()).isEqualTo(Severity.fromWireName(severity).orElseThrow());
        }
    }

    @Test
    void theFlagNamesRateMedianAndMarket() {
        Sim sim = market();
        sim.send(Market.offer("bidder", min(100), "1500", "jpy", "web"));
        Flag f = sim.flagsOf(Signal.OFFER_BELOW_MARKET).get(0);
        assertThat(f.summary()).matches("rate 1500 jpy is \\d\\d% of the web median \\d{4}(\\.\\d\\d)? \\(limit 50%\\)");
        assertThat((Double) f.evidence().get("median")).isBetween(3700.0, 4300.0);
        assertThat(f.evidence().get("offers_count")).isEqualTo(40L);
    }

    @Test
    void aNewMarketIsNotJudgedAndTheFractionIsConfigurable() {
        Sim sim = Market.sim("detector.offer.below_market.min-offers", "5");
        for (int i = 0; i < 4; i++) {
            sim.send(Market.offer("m" + i, min(i), "4000", "EUR", "x"));
        }
        sim.send(Market.offer("early", min(10), "100", "EUR", "x"));
        assertThat(sim.flagsOf(Signal.OFFER_BELOW_MARKET)).isEmpty();
        Sim strict = market("detector.offer.below_market.fraction", "0.8");
        strict.send(Market.offer("bidder", min(100), "2900", "JPY", "web"));
        assertThat(strict.flagsOf(Signal.OFFER_BELOW_MARKET, "bidder")).hasSize(1);
    }
}
