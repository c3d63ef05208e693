package io.logintelemetry.detect;

import static io.logintelemetry.detect.Sim.min;
import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.flag.Flag;
import io.logintelemetry.flag.Severity;
import io.logintelemetry.flag.Signal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** identity.shared_document and identifier.shared_payout: one keyed-hashed identifier behind several accounts. */
class SharedIdentifierTest {

    @ParameterizedTest(name = "{0} accounts, limit {1}: {2} flagged")
    @CsvSource({"1, 2, 0", "2, 2, 2", "3, 2, 3", "2, 3, 0", "3, 3, 3"})
    void sharedDocumentFlagsEveryAccountFromTheLimitOn(int accounts, int limit, int flagged) {
        Sim sim = Market.sim("detector.identity.shared_document.min-accounts", String.valueOf(limit));
        for (int i = 1; i <= accounts; i++) {
            sim.send(Market.document("a" + i, min(i), i % 2 == 0 ? "AB-123-4567" : "ab1234567"));
        }
        assertThat(sim.accountsFlagged(Signal.IDENTITY_SHARED_DOCUMENT)).hasSize(flagged);
    }

    @ParameterizedTest(name = "{0} accounts, limit {1}: {2} flagged")
    @CsvSource({"1, 2, 0", "2, 2, 2", "5, 2, 5", "2, 3, 0"})
    void sharedPayoutFlagsEveryAccountFromTheLimitOn(int accounts, int limit, int flagged) {
        Sim sim = Market.sim("detector.identifier.shared_payout.min-accounts", String.valueOf(limit));
        for (int i = 1; i <= accounts; i++) {
            sim.send(Market.payout("a" + i, min(i), "0005-123-1234567", "Holder " + i));
        }
        assertThat(sim.accountsFlagged(Signal.IDENTIFIER_SHARED_PAYOUT)).hasSize(flagged);
    }

    @Test
    void theFlagNamesTheOthersAndTheShortHashNeverTheNumber() {
        Sim sim = Market.sim();
        sim.send(Market.document("a1", min(0), "AB1234567"));
        sim.send(Market.document("a2", min(5), "ＡＢ１２３４５６７"));
        sim.send(Market.document("a3", min(9), "ab-123-4567"));
        Flag a1 = sim.flagsOf(Signal.IDENTITY_SHARED_DOCUMENT, "a1").get(sim.flagsOf(Signal.IDENTITY_SHARED_DOCUMENT, "a1").size() - 1);
        assertThat(a1.summary()).isEqualTo("3 accounts with one identity document (limit 2)");
        assertThat(a1.evidence().get("other_accounts")).isEqualTo(List.of("a2", "a3"));
        assertThat((String) a1.evidence().get("document")).startsWith("k:").hasSize(10);
        assertThat(a1.severity()).isEqualTo(Severity.MEDIUM);
        // Three accounts are not yet twice the limit of 2; four are, one step higher.
        sim.send(Market.document("a4", min(12), "AB 1234567"));
        assertThat(sim.flagsOf(Signal.IDENTITY_SHARED_DOCUMENT, "a4").get(0).severity()).isEqualTo(Severity.HIGH);
    }

    @Test
    void theSameAccountReportingItsDocumentAgainIsNoNews() {
        Sim sim = Market.sim();
        sim.send(Market.document("a1", min(0), "X-1"));
        sim.send(Market.document("a1", min(1), "x1"));
        sim.send(Market.document("a1", min(2), "X 1"));
        assertThat(sim.flags).isEmpty();
    }

    @Test
    void aSharedPayoutStaysLowHoweverManyAccountsShareIt() {
        Sim sim = Market.sim();
        for (int i = 1; i <= 8; i++) {
            sim.send(Market.payout("worker-" + i, min(i), "JP-0005-999", "株式会社サンプル"));
        }
        assertThat(sim.flagsOf(Signal.IDENTIFIER_SHARED_PAYOUT)).extracting(Flag::severity).containsOnly(Severity.LOW);
        assertThat(sim.flagsOf(Signal.IDENTIFIER_SHARED_PAYOUT, "worker-1").get(0).summary())
                .isEqualTo("2 accounts with one payout account (limit 2)");
    }

    @Test
    void offSwitch() {
        Sim sim = Market.sim("detector.identity.shared_document.enabled", "false");
        sim.send(Market.document("a1", min(0), "AB1"));
        sim.send(Market.document("a2", min(1), "AB1"));
        assertThat(sim.flagsOf(Signal.IDENTITY_SHARED_DOCUMENT)).isEmpty();
    }
}
