package io.logintelemetry.detect;

import io.logintelemetry.config.ConfigKeys;
import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.event.Event;
import io.logintelemetry.flag.Evidence;
import io.logintelemetry.flag.Severity;
import io.logintelemetry.flag.Signal;
import io.logintelemetry.state.RateSample;
import java.util.List;
import java.util.Locale;

/**
 * {@code offer.below_market}: a quoted rate below a fraction (default half) of the median rate of
 * its category and currency, estimated from the offers seen so far ({@link RateSample}). A category
 * is judged only once it has {@code min-offers} offers, so the first quotes on a new market set the
 * median rather than being judged against nothing.
 */
public final class OfferBelowMarket implements Detector.OfOffer {

    private final double fraction;
    private final int minOffers;
    private final Severity severity;

    public OfferBelowMarket(LoginTelemetryConfig config) {
        this.fraction = config.get(ConfigKeys.BELOW_MARKET_FRACTION);
        this.minOffers = config.get(ConfigKeys.BELOW_MARKET_MIN_OFFERS);
        this.severity = config.detector(signal()).severity();
    }

    @Override
    public Signal signal() {
        return Signal.OFFER_BELOW_MARKET;
    }

    @Override
    public void evaluate(Event event, double rate, RateSample market, List<Finding> out) {
        if (market.count() < minOffers) {
            return;
        }
        double median = market.median();
        if (!(rate < fraction * median)) {
            return;
        }
        double share = rate / median;
        String currency = event.detail("currency");
        String category = event.detail("category");
        Evidence evidence = Evidence.builder()
                .put("rate", rate)
                .put("median", median)
                .put("percent_of_median", Math.round(share * 100))
                .put("limit_percent", Math.round(fraction * 100))
                .put("currency", currency)
                .put("category", category)
                .put("offers_count", market.count())
                .build();
        // Half the limit again (a quarter of the median by default) is one step more severe.
        Severity s = share < fraction / 2 ? severity.raised() : severity;
        out.add(new Finding(signal(), event.account(), s, Math.round((1 - share) * 10), 7 * 86_400_000L,
                String.format(Locale.ROOT, "rate %s %s is %d%% of the %s median %s (limit %d%%)", plain(rate), currency,
                        Math.round(share * 100), category, plain(median), Math.round(fraction * 100)),
                evidence, event.ip() == null ? null : event.ip().toString(), event.session(), event.device()));
    }

    private static String plain(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
