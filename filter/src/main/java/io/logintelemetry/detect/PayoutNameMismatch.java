package io.logintelemetry.detect;

import io.logintelemetry.config.ConfigKeys;
import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.event.Event;
import io.logintelemetry.event.EventType;
import io.logintelemetry.flag.Evidence;
import io.logintelemetry.flag.Severity;
import io.logintelemetry.flag.Signal;
import io.logintelemetry.state.MarketState;
import io.logintelemetry.text.NameComparison;
import io.logintelemetry.text.NameMatcher;
import io.logintelemetry.text.NameVerdict;
import java.util.List;

/**
 * {@code payout.name_mismatch}: the payout account's holder name is not the account's declared name,
 * after the normalisation of {@link NameMatcher} (width, case, spacing, name order, kana and Latin,
 * honorifics, company forms, romanisation variants). Judged when a payout account or a declared
 * name arrives and both are known.
 *
 * <p>Where the names cannot be compared (a kanji name against a kana or Latin holder name, with no
 * reading given), the flag says so at low severity rather than guessing; {@code not-comparable=false}
 * turns that off. Names are personal data: the evidence gives the matcher's reason, never a name.
 */
public final class PayoutNameMismatch implements Detector.OfMarket {

    /**
     * ICU's transliterators are costly to build and thread-safe to share: one matcher for all engines,
     * made on first use. Null when ICU4J is missing from the class path (a repackaged jar that left
     * it out): the signal is then off, said once in the log, instead of an error reaching the app.
     */
    private static final class Shared {
        static final NameMatcher MATCHER = load();

        private static NameMatcher load() {
            try {
                return new NameMatcher();
            } catch (LinkageError | RuntimeException e) {
                io.logintelemetry.log.Logs.get("io.logintelemetry").warn("Login Telemetry payout.name_mismatch is off:"
                        + " ICU4J could not be loaded (" + e + ")");
                return null;
            }
        }
    }

    private final Severity severity;
    private final boolean notComparable;

    public PayoutNameMismatch(LoginTelemetryConfig config) {
        this.severity = config.detector(signal()).severity();
        this.notComparable = config.get(ConfigKeys.NAME_MISMATCH_NOT_COMPARABLE);
    }

    @Override
    public Signal signal() {
        return Signal.PAYOUT_NAME_MISMATCH;
    }

    @Override
    public void evaluate(Event event, MarketState market, List<Finding> out) {
        EventType type = event.type();
        if (type != EventType.PAYOUT_ACCOUNT && type != EventType.PROFILE && type != EventType.IDENTITY_DOCUMENT) {
            return;
        }
        String holder = market.holderName();
        String declared = market.declaredName();
        if (holder == null || declared == null) {
            return;
        }
        NameMatcher matcher = Shared.MATCHER;
        if (matcher == null) {
            return;
        }
        NameComparison c = matcher.compare(declared, market.nameReading(), holder);
        if (c.verdict() == NameVerdict.SAME || c.verdict() == NameVerdict.NOT_COMPARABLE && !notComparable) {
            return;
        }
        boolean differs = c.verdict() == NameVerdict.DIFFERENT;
        Evidence evidence = Evidence.builder()
                .put("verdict", differs ? "different" : "not_comparable")
                .put("reason", c.reason())
                .put("reading_known", market.nameReading() != null)
                .build();
        String summary = differs
                ? "payout account holder name differs from the declared name (" + c.reason() + ")"
                : "payout account holder name could not be compared with the declared name (" + c.reason() + ")";
        out.add(new Finding(signal(), market.id(), differs ? severity : Severity.LOW, differs ? 2 : 1,
                SharedIdentifier.WINDOW, summary, evidence, event.ip() == null ? null : event.ip().toString(), null,
                event.device()));
    }
}
