package io.logintelemetry.detect;

import static io.logintelemetry.detect.Sim.CHROME_WIN;
import static io.logintelemetry.detect.Sim.min;
import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.flag.Flag;
import io.logintelemetry.flag.Severity;
import io.logintelemetry.flag.Signal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** review.burst and review.collusion. */
class ReviewSignalsTest {

    private static long day(double d) {
        return Sim.at(Duration.ofMinutes(Math.round(d * 1440)));
    }

    @ParameterizedTest(name = "{0} workers rated {1}, {2} days apart: flagged {3}")
    @CsvSource({
            "2, 5, 1, false",
            "3, 5, 1, true",
            "3, 4, 1, false",
            "3, 5, 3, true",
            "3, 5, 3.5, false",
            "6, 5, 0.1, true",
    })
    void burstOfTopRatings(int workers, int rating, double everyDays, boolean flagged) {
        Sim sim = Market.sim();
        for (int i = 0; i < workers; i++) {
            sim.send(Market.review("client", day(i * everyDays), "worker-" + i, rating));
        }
        assertThat(sim.accountsFlagged(Signal.REVIEW_BURST)).isEqualTo(flagged ? java.util.Set.of("client") : java.util.Set.of());
    }

    @Test
    void burstNamesTheRatedAccountsAndCountsEachOnce() {
        Sim sim = Market.sim();
        sim.send(Market.review("client", day(0), "w1", 5));
        sim.send(Market.review("client", day(0.1), "w1", 5));
        sim.send(Market.review("client", day(0.2), "w2", 5));
        sim.send(Market.review("client", day(0.3), "w2", null));
        assertThat(sim.flagsOf(Signal.REVIEW_BURST)).isEmpty();
        sim.send(Market.review("client", day(1), "w3", 5));
        Flag f = sim.flagsOf(Signal.REVIEW_BURST).get(0);
        assertThat(f.summary()).isEqualTo("3 accounts rated 5 within 7 days (limit 3)");
        assertThat(f.evidence().get("rated_accounts")).isEqualTo(List.of("w1", "w2", "w3"));
        assertThat(f.severity()).isEqualTo(Severity.LOW);
    }

    @Test
    void configuredMinimumRating() {
        Sim sim = Market.sim("detector.review.burst.min-rating", "4");
        for (int i = 0; i < 3; i++) {
            sim.send(Market.review("client", day(i), "w" + i, 4));
        }
        assertThat(sim.flagsOf(Signal.REVIEW_BURST)).hasSize(1);
        assertThat(sim.flagsOf(Signal.REVIEW_BURST).get(0).summary()).startsWith("3 accounts rated 4 or more");
    }

    @Test
    void collusionBetweenAccountsSharingADevice() {
        Sim sim = Market.sim();
        sim.send(Sim.login("a", min(0)).ip("203.0.113.5").device("dev-1").ua(CHROME_WIN));
        sim.send(Sim.login("b", min(60)).ip("198.51.100.5").device("dev-1").ua(CHROME_WIN));
        sim.send(Market.review("a", min(120), "b", 5));
        List<Flag> flags = sim.flagsOf(Signal.REVIEW_COLLUSION);
        assertThat(flags).extracting(Flag::account).containsExactlyInAnyOrder("a", "b");
        assertThat(flags.get(0).summary()).isEqualTo("review between a and b sharing a device");
        assertThat(flags.get(0).evidence().get("links")).isEqualTo(List.of("a ~ b (device dev-1)"));
    }

    @Test
    void collusionBetweenAccountsSharingADocumentOrPayout() {
        Sim sim = Market.sim();
        sim.send(Market.document("a", min(0), "D-1"));
        sim.send(Market.document("b", min(1), "D-1"));
        sim.send(Market.payout("a", min(2), "P-1", "x"));
        sim.send(Market.payout("b", min(3), "P-1", "x"));
        sim.send(Market.review("b", min(10), "a", 5));
        assertThat(sim.flagsOf(Signal.REVIEW_COLLUSION, "a").get(0).summary())
                .isEqualTo("review between b and a sharing a document and a payout account");
    }

    @Test
    void reviewsBothWaysInsideOneLinkedGroup() {
        // a-b share a device, b-c a document: a and c are in one group without a direct link.
        Sim sim = Market.sim();
        sim.send(Sim.login("a", min(0)).ip("203.0.113.5").device("dev-1").ua(CHROME_WIN));
        sim.send(Sim.login("b", min(1)).ip("203.0.113.6").device("dev-1").ua(CHROME_WIN));
        sim.send(Market.document("b", min(2), "D-9"));
        sim.send(Market.document("c", min(3), "D-9"));
        sim.send(Market.review("a", min(10), "c", 5));
        assertThat(sim.flagsOf(Signal.REVIEW_COLLUSION)).isEmpty();
        sim.send(Market.review("c", min(20), "a", 5));
        Flag f = sim.flagsOf(Signal.REVIEW_COLLUSION, "c").get(0);
        assertThat(f.summary()).isEqualTo("review between c and a who reviewed it back, in one linked group");
        assertThat(f.evidence().get("mutual")).isEqualTo(true);
    }

    @Test
    void unrelatedAccountsReviewingEachOtherAreFine() {
        Sim sim = Market.sim();
        sim.send(Sim.login("a", min(0)).ip("203.0.113.5").device("dev-1").ua(CHROME_WIN));
        sim.send(Sim.login("b", min(1)).ip("198.51.100.6").device("dev-2").ua(CHROME_WIN));
        sim.send(Market.review("a", min(10), "b", 5));
        sim.send(Market.review("b", min(20), "a", 5));
        assertThat(sim.flagsOf(Signal.REVIEW_COLLUSION)).isEmpty();
    }

    @Test
    void aLinkFoundAfterTheReviewCountsWhenItIsFound() {
        Sim sim = Market.sim();
        sim.send(Market.review("a", min(0), "b", 5));
        sim.send(Market.document("a", min(10), "D-7"));
        assertThat(sim.flagsOf(Signal.REVIEW_COLLUSION)).isEmpty();
        // b reports the same document later: the review between them is looked at again.
        sim.send(Sim.login("b", min(19)).ip("198.51.100.7").device("dev-b").ua(CHROME_WIN));
        sim.send(Market.document("b", min(20), "D-7"));
        List<Flag> flags = sim.flagsOf(Signal.REVIEW_COLLUSION);
        assertThat(flags).extracting(Flag::account).containsExactlyInAnyOrder("a", "b");
        assertThat(flags.get(0).summary()).isEqualTo("review between a and b sharing a document");
        // The linking event was b's: its device is not put on a's flag.
        assertThat(sim.flagsOf(Signal.REVIEW_COLLUSION, "a").get(0).device()).isNull();
    }

    @Test
    void aLaterLinkBetweenAccountsWithoutAReviewRaisesNoCollusion() {
        Sim sim = Market.sim();
        sim.send(Market.review("a", min(0), "c", 5));
        sim.send(Market.document("a", min(10), "D-7"));
        sim.send(Market.document("b", min(20), "D-7"));
        assertThat(sim.flagsOf(Signal.REVIEW_COLLUSION)).isEmpty();
    }
}
