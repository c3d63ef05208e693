package io.logintelemetry.detect;

import io.logintelemetry.config.ConfigKeys;
import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.event.Event;
import io.logintelemetry.flag.Evidence;
import io.logintelemetry.flag.Severity;
import io.logintelemetry.flag.Signal;
import io.logintelemetry.state.LinkGraph;
import io.logintelemetry.state.MarketState;
import java.util.List;

/**
 * {@code review.burst}: one client account gives top ratings to several workers in a short time, the
 * way a team builds up its members' reputation. Raised for the reviewer, naming the rated accounts.
 */
public final class ReviewBurst implements Detector.OfReview {

    private final int limit;
    private final long window;
    private final int minRating;
    private final Severity severity;

    public ReviewBurst(LoginTelemetryConfig config) {
        this.limit = config.get(ConfigKeys.REVIEW_BURST_MIN_ACCOUNTS);
        this.window = config.get(ConfigKeys.REVIEW_BURST_WINDOW).toMillis();
        this.minRating = config.get(ConfigKeys.REVIEW_BURST_MIN_RATING);
        this.severity = config.detector(signal()).severity();
    }

    @Override
    public Signal signal() {
        return Signal.REVIEW_BURST;
    }

    @Override
    public void evaluate(Event event, MarketState reviewer, MarketState subject, LinkGraph links, List<Finding> out) {
        List<String> rated = reviewer.topRatedSince(event.timestamp() - window + 1, minRating);
        if (rated.size() < limit) {
            return;
        }
        Evidence evidence = Evidence.builder()
                .put("accounts_count", rated.size())
                .put("limit", limit)
                .put("min_rating", minRating)
                .put("window_minutes", Wording.minutes(window))
                .accounts("rated_accounts", rated)
                .build();
        out.add(new Finding(signal(), reviewer.id(), Wording.severity(severity, rated.size(), limit), rated.size(), window,
                rated.size() + " accounts rated " + minRating + (minRating < 5 ? " or more" : "") + " within "
                        + Wording.duration(window) + " (limit " + limit + ")",
                evidence, event.ip() == null ? null : event.ip().toString(), null, event.device()));
    }
}
