package io.logintelemetry.detect;

import static io.logintelemetry.detect.Sim.min;
import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.flag.Flag;
import io.logintelemetry.flag.FlagJson;
import io.logintelemetry.flag.Signal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** message.off_platform, message.crypto_payment and message.template_reuse, through the engine. */
class MessageSignalsTest {

    private static final String ALLOW = "support@example-help.com,example-platform.jp";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "LINEで直接取引しませんか？手数料なしでできます                        | medium | -",
            "Please contact me directly at taro.private@example.com          | medium | -",
            "Call me on 090-1234-5678 tonight                                | low    | -",
            "Happy to pay you in USDT, just send your wallet                 | -      | low",
            "Send it to 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2 please            | -      | medium",
            "USDT (TRC20) only: TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t           | -      | high",
            "Send it to 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3 please            | -      | -",
            // Benign: bank transfer talk, the operator's allow-listed support desk and domain.
            "お振込は銀行振込でお願いします。振込手数料はご負担ください                     | -      | -",
            "Questions? Write to support@example-help.com or help@example-platform.jp | - | -",
            "Thanks, I will deliver the draft on Friday                      | -      | -",
    })
    void flagsTheSenderForWhatTheTextHolds(String text, String offPlatform, String crypto) {
        Sim sim = Market.sim("detector.message.off_platform.allow", ALLOW);
        sim.send(Market.message("sender", min(0), "client", text.strip()));
        check(sim.flagsOf(Signal.MESSAGE_OFF_PLATFORM), offPlatform);
        check(sim.flagsOf(Signal.MESSAGE_CRYPTO_PAYMENT), crypto);
        for (Flag f : sim.flags) {
            assertThat(f.account()).isEqualTo("sender");
            assertThat(FlagJson.toJson(f).replace(f.id(), "")).doesNotContain("1BvBMSEY", "TR7NHq", "taro.private", "1234-5678");
        }
    }

    private static void check(List<Flag> flags, String severity) {
        if (severity == null) {
            assertThat(flags).isEmpty();
        } else {
            assertThat(flags).hasSize(1);
            assertThat(flags.get(0).severity().wireName()).isEqualTo(severity);
        }
    }

    @Test
    void summariesNameTheKindsAndTheRecipient() {
        Sim sim = Market.sim();
        sim.send(Market.message("sender", min(0), "client-9", "LINE ID交換して直接取引しましょう"));
        assertThat(sim.flagsOf(Signal.MESSAGE_OFF_PLATFORM).get(0).summary())
                .isEqualTo("message proposes contact off the platform: chat id and direct deal wording (to client-9)");
        sim.send(Market.message("sender", min(1), "client-9", "Pay to TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"));
        assertThat(sim.flagsOf(Signal.MESSAGE_CRYPTO_PAYMENT).get(0).summary())
                .isEqualTo("message proposes payment in crypto assets: tron wallet address (to client-9)");
    }

    private static final String BID = "はじめまして。Webアプリ開発を5年経験しております。React と Spring Boot で"
            + "御社の案件を丁寧に迅速に対応いたします。ポートフォリオはこちらです。どうぞよろしくお願いいたします。";

    @ParameterizedTest(name = "{0} senders, limit {1}: {2} flagged")
    @CsvSource({"2, 3, 0", "3, 3, 3", "4, 3, 4", "3, 4, 0"})
    void nearDuplicateBidsFromSeveralAccounts(int senders, int limit, int flagged) {
        Sim sim = Market.sim("detector.message.template_reuse.min-accounts", String.valueOf(limit));
        for (int i = 0; i < senders; i++) {
            // Names and numbers differ; the script is the same.
            sim.send(Market.message("bidder-" + i, min(i * 60), "client-" + i,
                    BID.replace("5年", (3 + i) + "年") + " 担当: 佐藤" + i));
        }
        assertThat(sim.accountsFlagged(Signal.MESSAGE_TEMPLATE_REUSE)).hasSize(flagged);
    }

    @Test
    void differentTextsOrOneAccountRepeatingItselfAreNoTemplate() {
        Sim sim = Market.sim();
        for (int i = 0; i < 5; i++) {
            sim.send(Market.message("bidder-a", min(i), "client-" + i, BID));
        }
        sim.send(Market.message("bidder-b", min(10), "client-x", "I am a designer with a focus on brand identity and packaging for food companies."));
        sim.send(Market.message("bidder-c", min(11), "client-y", "Data analysis in Python and R; dashboards in Tableau; happy to start next week."));
        assertThat(sim.flagsOf(Signal.MESSAGE_TEMPLATE_REUSE)).isEmpty();
    }

    @Test
    void templatesOlderThanTheWindowAreForgotten() {
        Sim sim = Market.sim();
        sim.send(Market.message("b1", Sim.at(Duration.ZERO), "c", BID));
        sim.send(Market.message("b2", Sim.at(Duration.ofDays(31)), "c", BID));
        sim.send(Market.message("b3", Sim.at(Duration.ofDays(62)), "c", BID));
        assertThat(sim.flagsOf(Signal.MESSAGE_TEMPLATE_REUSE)).isEmpty();
        sim.send(Market.message("b4", Sim.at(Duration.ofDays(63)), "c", BID));
        sim.send(Market.message("b5", Sim.at(Duration.ofDays(64)), "c", BID));
        assertThat(sim.accountsFlagged(Signal.MESSAGE_TEMPLATE_REUSE)).containsExactly("b3", "b4", "b5");
    }
}
