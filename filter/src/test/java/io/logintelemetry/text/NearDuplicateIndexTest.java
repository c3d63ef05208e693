package io.logintelemetry.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NearDuplicateIndexTest {

    private static final String BID_JA = "はじめまして。Webアプリ開発を10年以上行っているエンジニアです。Java、Spring Boot、React、AWSでの"
            + "開発経験が豊富で、ご依頼の業務システムを短期間で高品質に納品できます。これまで30件以上の案件を担当し、"
            + "すべて期日通りに納品しました。ぜひ一度お話しさせてください。よろしくお願いいたします。";
    private static final String BID_EN = "Hello, I am a senior full stack developer with 8 years of experience in Java, Spring Boot, "
            + "React and AWS. I have read your job description carefully and I am confident I can deliver your project on "
            + "time with high quality. I am available to start immediately and can work in your time zone. Let's discuss "
            + "the details. Best regards, Kevin";

    private final MinHash minHash = new MinHash();

    @Test
    void nearDuplicateBidsAreFoundAcrossOwners() {
        NearDuplicateIndex index = NearDuplicateIndex.builder().build();

        assertThat(index.add("u1", minHash.signature(BID_JA))).isEmpty();
        // Small edits: another sender's name, numbers, a link, one phrase changed.
        String edited = BID_JA.replace("10年以上", "12年以上").replace("30件", "45件").replace("ぜひ一度", "是非一度")
                + " https://portfolio.example.com/u2";
        assertThat(index.add("u2", minHash.signature(edited))).containsExactly("u1");
        String fullWidth = BID_JA.replace("Java", "Ｊａｖａ").replace("AWS", "ＡＷＳ");
        assertThat(index.add("u3", minHash.signature(fullWidth))).containsExactlyInAnyOrder("u1", "u2");

        assertThat(index.add("e1", minHash.signature(BID_EN))).isEmpty();
        String enEdited = BID_EN.replace("Kevin", "Michael").replace("8 years", "9 years")
                .replace("Let's discuss", "Let us discuss");
        assertThat(index.add("e2", minHash.signature(enEdited))).containsExactly("e1");
    }

    @Test
    void theSameOwnerIsNotItsOwnDuplicate() {
        NearDuplicateIndex index = NearDuplicateIndex.builder().build();

        index.add("u1", minHash.signature(BID_EN));
        assertThat(index.add("u1", minHash.signature(BID_EN))).isEmpty();
    }

    @Test
    void unrelatedTextsAreNotDuplicates() {
        NearDuplicateIndex index = NearDuplicateIndex.builder().build();
        String[] texts = {
            BID_JA, BID_EN,
            "ロゴデザインのご依頼ありがとうございます。ラフ案を3点ご用意しました。色味のご希望があればお知らせください。",
            "I have attached the revised wireframes. Please check the checkout flow and let me know your feedback.",
            "翻訳案件に応募いたします。英日翻訳の経験は5年で、IT分野のマニュアル翻訳を得意としております。",
            "Hello, I am a data analyst. I can clean your spreadsheet and build the dashboard in Power BI this week.",
        };
        for (int i = 0; i < texts.length; i++) {
            assertThat(index.add("u" + i, minHash.signature(texts[i]))).as(texts[i]).isEmpty();
        }
    }

    @Test
    void similarityEstimateTracksEdits() {
        int[] a = minHash.signature(BID_EN);
        int[] b = minHash.signature(BID_EN.replace("Kevin", "Michael"));
        int[] c = minHash.signature("Completely different: invoice for translation of a product manual into English.");

        assertThat(MinHash.similarity(a, a)).isEqualTo(1.0);
        assertThat(MinHash.similarity(a, b)).isGreaterThan(0.85);
        assertThat(MinHash.similarity(a, c)).isLessThan(0.2);
    }

    @Test
    void signaturesAreStableAcrossInstances() {
        // Fixed seeds: a signature computed on one node or before a restart matches one computed later.
        assertThat(new MinHash().signature(BID_EN)).isEqualTo(minHash.signature(BID_EN));
    }

    @Test
    void shortTextsGetNoSignatureAndMatchNothing() {
        NearDuplicateIndex index = NearDuplicateIndex.builder().build();

        assertThat(minHash.signature("ありがとうございます")).isEmpty();
        assertThat(minHash.signature(null)).isEmpty();
        assertThat(index.add("u1", minHash.signature("thanks!"))).isEmpty();
        assertThat(index.add("u2", minHash.signature("thanks!"))).isEmpty();
        assertThat(index.size()).isZero();
    }

    @Test
    void memoryStaysBoundedUnderManyInserts() {
        NearDuplicateIndex index = NearDuplicateIndex.builder().maxEntries(500).maxBucketSize(8).build();
        Random random = new Random(7);
        int[] template = minHash.signature(BID_EN);
        for (int i = 0; i < 10_000; i++) {
            // Half unrelated texts, half one template sent again and again.
            int[] signature = i % 2 == 0 ? minHash.signature(randomText(random)) : template;
            Set<String> others = index.add("u" + i, signature);
            assertThat(others.size()).isLessThanOrEqualTo(NearDuplicateIndex.MAX_RESULT_OWNERS);
        }
        assertThat(index.size()).isEqualTo(500);
        assertThat(index.bucketCount()).isLessThanOrEqualTo(500 * 16);
        // The repeated template is still found, from the most recent senders only.
        assertThat(index.add("last", minHash.signature(BID_EN))).isNotEmpty().hasSizeLessThanOrEqualTo(8);
    }

    @Test
    void oldestEntriesAreEvictedFirst() {
        NearDuplicateIndex index = NearDuplicateIndex.builder().maxEntries(3).build();
        Random random = new Random(3);
        index.add("old", minHash.signature(BID_EN));
        for (int i = 0; i < 3; i++) {
            index.add("n" + i, minHash.signature(randomText(random)));
        }
        assertThat(index.add("late", minHash.signature(BID_EN))).isEmpty();
    }

    @Test
    void textsOlderThanMaxAgeNeitherMatchNorStay() {
        NearDuplicateIndex index = NearDuplicateIndex.builder().maxAge(java.time.Duration.ofDays(30)).build();
        long day = 86_400_000L;

        index.add("u1", minHash.signature(BID_EN), 0);
        assertThat(index.add("u2", minHash.signature(BID_EN), 29 * day)).containsExactly("u1");
        assertThat(index.add("u3", minHash.signature(BID_EN), 31 * day)).as("u1's text is 31 days old")
                .containsExactly("u2");
        assertThat(index.size()).as("u1's entry evicted").isEqualTo(2);
    }

    @Test
    void builderValidates() {
        assertThatThrownBy(() -> NearDuplicateIndex.builder().bands(7).build()).hasMessageContaining("divide");
        assertThatThrownBy(() -> NearDuplicateIndex.builder().threshold(1.5)).hasMessageContaining("threshold");
        NearDuplicateIndex index = NearDuplicateIndex.builder().build();
        assertThatThrownBy(() -> index.add("u", new int[5])).hasMessageContaining("expects 128");
    }

    private static String randomText(Random random) {
        StringBuilder sb = new StringBuilder();
        for (int w = 0; w < 40; w++) {
            int len = 2 + random.nextInt(8);
            for (int c = 0; c < len; c++) {
                sb.append((char) ('a' + random.nextInt(26)));
            }
            sb.append(' ');
        }
        return sb.toString();
    }
}
