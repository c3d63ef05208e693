package io.logintelemetry.text;

import static io.logintelemetry.text.ContactKind.CHAT_ID;
import static io.logintelemetry.text.ContactKind.DIRECT_DEAL_WORDING;
import static io.logintelemetry.text.ContactKind.EMAIL;
import static io.logintelemetry.text.ContactKind.PHONE;
import static io.logintelemetry.text.CryptoKind.BITCOIN;
import static io.logintelemetry.text.CryptoKind.CRYPTO_WORDING;
import static io.logintelemetry.text.CryptoKind.ETHEREUM;
import static io.logintelemetry.text.CryptoKind.TRON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageScannerTest {

    private static final MessageScanner SCANNER = MessageScanner.builder()
            .allowEmail("support@help-desk.example.com")
            .allowEmailDomain("platform.example.jp")
            .build();

    @ParameterizedTest
    @ValueSource(strings = {
        "詳細は taro.yamada@gmail.com までご連絡ください",
        "Write to me: Taro_Y+work@Example.co.jp",
        "メール：ｔａｒｏ＠ｅｘａｍｐｌｅ．ｃｏｍ",                            // full width
        "contact taro (at) example.com for the files",
        "taro[at]example[dot]com",
        "reach me at taro at example dot com",
        "taroアットマークexample.com",
    })
    void emails(String text) {
        assertThat(SCANNER.scan(text).contacts()).contains(EMAIL);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "お電話は090-1234-5678まで",
        "携帯 ０８０－１２３４－５６７８ に",                                   // full-width digits and hyphens
        "TEL 03-1234-5678",
        "call 09012345678",
        "電話番号：090ー1234ー5678",                                           // long-vowel mark as hyphen
        "WhatsApp or call +81 90 1234 5678",
        "my number is +44 20 7946 0958",
        "call me at (415) 555-2671",
        "フリーダイヤル 0120-123-456",
        "call me on 090-1234-5678, thanks",                                  // a comma after the number
        "090-1234-5678、よろしくお願いします",
        "my cell is (415) 555-2671.",
    })
    void phones(String text) {
        assertThat(SCANNER.scan(text).contacts()).contains(PHONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "LINE IDはtaro_1234です", "ラインで連絡ください", "add me: line.me/ti/p/abcdef", "https://lin.ee/AbCdEf",
        "t.me/taro_dev でどうぞ", "telegram @taro_dev", "テレグラムで話しましょう", "wa.me/819012345678",
        "join discord.gg/abc123", "my Discord is taro#1234", "Skype: live:.cid.12345", "WeChat: taro2024",
        "微信号 taro", "signal.me/#p/+81", "Signal app please", "カカオトークで", "LINEのIDを教えてください",
        "ラインください！",
    })
    void chatIds(String text) {
        assertThat(SCANNER.scan(text).contacts()).contains(CHAT_ID);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "次回からは直接取引しませんか？", "直接契約の方が安くできます", "サイト外でやり取りしましょう",
        "手数料なしでお受けします", "サイトを通さずにお支払いいただければ", "運営には内緒でお願いします",
        "I can pay you directly outside the platform.", "Let's continue off-platform, contact me off platform.",
        "We can avoid the fees if you work with me directly", "Let's deal directly, here is my personal email",
        "よろしければ連絡先を交換しませんか", "メアド教えてもらえますか", "Please send me your email so we can talk",
    })
    void directDealWording(String text) {
        assertThat(SCANNER.scan(text).contacts()).contains(DIRECT_DEAL_WORDING);
    }

    @Test
    void walletsInMessages() {
        assertThat(SCANNER.scan("送金先: 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2 にお願いします").crypto()).contains(BITCOIN);
        assertThat(SCANNER.scan("send to bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq.").crypto()).contains(BITCOIN);
        assertThat(SCANNER.scan("TRC20: TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t").crypto()).contains(TRON);
        MessageFindings checked = SCANNER.scan("wallet 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
        assertThat(checked.crypto()).contains(ETHEREUM);
        assertThat(checked.withoutChecksum()).isEmpty();
        MessageFindings unchecked = SCANNER.scan("送金は 0xde709f2102306220921060314715629080e2fb77 へ");
        assertThat(unchecked.crypto()).containsExactly(ETHEREUM);
        assertThat(unchecked.withoutChecksum()).containsExactly(ETHEREUM);
    }

    @Test
    void addressesWithBrokenChecksumsDoNotCount() {
        MessageFindings f = SCANNER.scan("id 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3 / 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD "
                + "/ TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u / bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh "
                + "/ order 3A8F2C91D7E4B6A0F5C3D2E1B9A87654");
        assertThat(f.isEmpty()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "報酬はUSDTでお願いできますか", "ビットコインで支払います", "暗号資産で支払いたいです", "仮想通貨での受け取りは可能ですか",
        "Can you pay in crypto?", "I prefer BTC or ETH", "send it on TRC20 please",
    })
    void cryptoWording(String text) {
        assertThat(SCANNER.scan(text).crypto()).contains(CRYPTO_WORDING);
    }

    /** What honest workers and clients write every day. */
    @ParameterizedTest
    @ValueSource(strings = {
        "振込先：三菱UFJ銀行 渋谷支店 普通 1234567 ヤマダ タロウ。振込手数料はご負担ください。",
        "報酬はサイトの仮払いでお願いします。振込手数料なしで受け取れます。",
        "見積もり：120,000円（税込132,000円）、納期は2026-03-01です。",
        "単価 3,500円 × 40時間 = 140,000円。案件番号 2024-0312-5567。",
        "価格は ¥080,000 ではなく 80000 円です。期間は 2026/03/01〜2026/03/31。",
        "Total: $1,250.00 for 25 hours; invoice 2026-0042.",
        "お問い合わせは support@help-desk.example.com までお願いいたします。",
        "株式会社サンプル 営業部 山田太郎 / Mail: taro@platform.example.jp / サポート: support@help-desk.example.com",
        "Please use the line chart for the KPI section; the deadline is on line 42 of the spec.",
        "I will send the signal processing module today. The payoff platform will be refactored.",
        "ありがとうございます。納品物をご確認ください。",
        "Version 1.2.3.4567 released; build 20260301123456.",
        "The hash is 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08.",
        "The deadline is Friday; the online demo starts at 10:00. Line 3 of the invoice is wrong.",
        "ご連絡ありがとうございます。サイト内のメッセージでやり取りさせてください。",
    })
    void benignTextsDoNotFire(String text) {
        MessageFindings f = SCANNER.scan(text);

        assertThat(f.isEmpty()).as(text + " -> " + f).isTrue();
    }

    @Test
    void withoutTheAllowListTheSupportAddressCounts() {
        String signature = "お問い合わせは support@help-desk.example.com までお願いいたします。";

        assertThat(MessageScanner.create().scan(signature).contacts()).containsExactly(EMAIL);
    }

    @Test
    void anAllowedAddressDoesNotHideAnotherOne() {
        assertThat(SCANNER.scan("support@help-desk.example.com or me: taro@gmail.com").contacts()).containsExactly(EMAIL);
    }

    @Test
    void allowListFromConfigurationEntries() {
        MessageScanner s = MessageScanner.builder().allow(List.of(" Support@Example.com ", "@corp.example.jp", "")).build();

        assertThat(s.scan("support@example.com / a@sales.corp.example.jp").isEmpty()).isTrue();
        assertThat(s.scan("other@example.com").contacts()).containsExactly(EMAIL);
        assertThatThrownBy(() -> MessageScanner.builder().allowEmailDomain("not a domain"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullAndBlankAreEmpty() {
        assertThat(SCANNER.scan(null).isEmpty()).isTrue();
        assertThat(SCANNER.scan(" \n ").isEmpty()).isTrue();
    }

    @Test
    void hostileTextStaysFast() {
        String[] hostile = {
            "a".repeat(1_000_000), "@".repeat(100_000), "1-".repeat(100_000), "0x".repeat(100_000),
            ("taro" + " at ".repeat(50)).repeat(2000), "(".repeat(50_000) + "at" + ")".repeat(50_000),
            "1".repeat(200_000), "\uD800".repeat(10_000),
        };
        long start = System.nanoTime();
        for (String h : hostile) {
            SCANNER.scan(h);
        }
        // Not a speed goal (that is for benchmarks): a guard against catastrophic backtracking, which
        // would take minutes, not seconds.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void onlyTheHeadOfAHugeTextIsRead() {
        MessageScanner small = MessageScanner.builder().maxTextLength(100).build();
        String text = "x".repeat(200) + " taro@gmail.com";

        assertThat(small.scan(text).isEmpty()).isTrue();
        assertThat(MessageScanner.create().scan(text).contacts()).containsExactly(EMAIL);
    }
}
