package io.logintelemetry.detect;

import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.event.Event;
import io.logintelemetry.flag.Evidence;
import io.logintelemetry.flag.Severity;
import io.logintelemetry.flag.Signal;
import io.logintelemetry.state.LinkGraph;
import io.logintelemetry.state.MarketState;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code review.collusion}: a review between accounts that share an identity. Raised for the
 * reviewer and the reviewed account when they share a document, payout account, device or a
 * repeated low-fan-out IP address (a direct link in the {@link LinkGraph}), or when the reviewed
 * account reviewed the reviewer before and both are in one linked group (reviews both ways).
 * A link found after the review counts too: the engine runs this again when a new link joins two
 * accounts between which a review was made (among each reviewer's recent reviews).
 */
public final class ReviewCollusion implements Detector.OfReview {

    private final Severity severity;

    public ReviewCollusion(LoginTelemetryConfig config) {
        this.severity = config.detector(signal()).severity();
    }

    @Override
    public Signal signal() {
        return Signal.REVIEW_COLLUSION;
    }

    @Override
    public boolean rechecksOnNewLinks() {
        return true;
    }

    @Override
    public void evaluate(Event event, MarketState reviewer, MarketState subject, LinkGraph links, List<Finding> out) {
        String from = reviewer.id();
        String to = subject == null ? event.detail("subject") : subject.id();
        if (to == null) {
            return;
        }
        List<LinkGraph.Link> shared = links.linksBetween(from, to);
        boolean mutual = subject != null && subject.reviewed(from) && links.sameGroup(from, to);
        if (shared.isEmpty() && !mutual) {
            return;
        }
        List<String> sharedKinds = new ArrayList<>();
        for (LinkGraph.Link l : shared) {
            String kind = l.kind().count(1).substring(2);
            if (!sharedKinds.contains(kind)) {
                sharedKinds.add(kind);
            }
        }
        String why = shared.isEmpty() ? "who reviewed it back, in one linked group"
                : "sharing " + Wording.and(sharedKinds.stream().map(k -> "a " + k).toList())
                + (mutual ? ", and reviews run both ways" : "");
        Evidence evidence = Evidence.builder()
                .account("reviewer", from)
                .account("reviewed", to)
                .put("mutual", mutual)
                .list("links", shared)
                .mention(Evidence.Kind.ACCOUNT, LinkGraph.mentionedAccounts(shared))
                .mention(Evidence.Kind.IP, LinkGraph.mentionedAddresses(shared))
                .build();
        // Both ways is the stronger finding: raise once more when it comes on top of a shared identifier.
        Severity s = mutual && !shared.isEmpty() ? severity.raised() : severity;
        long magnitude = shared.size() + (mutual ? 1 : 0);
        String summary = "review between " + from + " and " + to + " " + why;
        // The event's address and device are the reviewer's only when the reviewer sent it (a link
        // found later may come from the other account's event).
        boolean reviewersEvent = from.equals(event.account());
        out.add(new Finding(signal(), from, s, magnitude, SharedIdentifier.WINDOW, summary, evidence,
                reviewersEvent && event.ip() != null ? event.ip().toString() : null, null,
                reviewersEvent ? event.device() : null));
        out.add(new Finding(signal(), to, s, magnitude, SharedIdentifier.WINDOW, summary, evidence, null, null, null));
    }
}
