package io.logintelemetry.text;

import static io.logintelemetry.text.NameVerdict.DIFFERENT;
import static io.logintelemetry.text.NameVerdict.NOT_COMPARABLE;
import static io.logintelemetry.text.NameVerdict.SAME;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NameMatcherTest {

    private static final NameMatcher MATCHER = new NameMatcher();

    /** Declared name, payout holder name, expected verdict: shaped like what platforms and banks hold. */
    static Stream<Arguments> pairs() {
        return Stream.of(
                // The same person, kana against kana
                Arguments.of("ヤマダ タロウ", "ﾔﾏﾀﾞ ﾀﾛｳ", SAME),                 // half-width bank kana
                Arguments.of("やまだ たろう", "ヤマダ タロウ", SAME),               // hiragana against katakana
                Arguments.of("ヤマダ　タロウ", "ヤマダタロウ", SAME),               // ideographic space, none
                Arguments.of("サトウ ショウジ", "ｻﾄｳ ｼﾖｳｼﾞ", SAME),               // bank kana has no small ョ
                Arguments.of("ハットリ ケン", "ﾊﾂﾄﾘ ｹﾝ", SAME),                   // nor small ッ
                Arguments.of("タロウ ヤマダ", "ヤマダ タロウ", SAME),               // order reversed
                // The same person, romaji against kana
                Arguments.of("Taro Yamada", "ﾔﾏﾀﾞ ﾀﾛｳ", SAME),
                Arguments.of("YAMADA TARO", "ヤマダ タロウ", SAME),                // passport style, long vowel dropped
                Arguments.of("Tarō Yamada", "ヤマダ タロウ", SAME),                 // macron
                Arguments.of("Yuko Ohno", "オオノ ユウコ", SAME),                   // oh / oo, uu
                Arguments.of("Shota Saitoh", "ｻｲﾄｳ ｼﾖｳﾀ", SAME),                 // oh for ō, bank kana
                Arguments.of("Ryouta Itou", "イトウ リョウタ", SAME),               // ou spelling
                Arguments.of("Shinichi Homma", "ホンマ シンイチ", SAME),             // m before m
                Arguments.of("Kenichi Namba", "ナンバ ケンイチ", SAME),              // m before b
                Arguments.of("Ken'ichi Nanba", "Kenichi Namba", SAME),            // apostrophe, n/m
                Arguments.of("Tsuyoshi Fujii", "ﾌｼﾞｲ ﾂﾖｼ", SAME),                // fu/ji/tsu
                Arguments.of("Tuyosi Huzii", "Tsuyoshi Fujii", SAME),            // Kunrei against Hepburn
                Arguments.of("Chiyoko Matsumoto", "マツモト チヨコ", SAME),
                Arguments.of("Jyunichi Satoh", "サトウ ジュンイチ", SAME),          // jyu written for ju
                Arguments.of("Keiichi Ohashi", "ｵｵﾊｼ ｹｲｲﾁ", SAME),                 // oo before a real h
                Arguments.of("Junko Shimizu", "シミズ ジュンコ", SAME),
                Arguments.of("Ｔａｒｏ　Ｙａｍａｄａ", "Taro Yamada", SAME),          // full-width Latin
                Arguments.of("Mizuki Kodzuka", "コヅカ ミズキ", SAME),               // dzu / zu
                Arguments.of("Kyoko Sato", "サトー キョーコ", SAME),                 // long-vowel mark
                Arguments.of("Kyoko Sato", "ｻﾄｳ ｷﾖｳｺ", SAME),                     // bank kana, no small ョ
                Arguments.of("Müller Jürgen", "Jurgen Muller", SAME),              // Latin diacritics
                // Honorifics and titles
                Arguments.of("山田太郎様", "山田 太郎", SAME),
                Arguments.of("山田 太郎 殿", "山田太郎", SAME),
                Arguments.of("ヤマダ タロウ サマ", "ﾔﾏﾀﾞ ﾀﾛｳ", SAME),
                Arguments.of("Mr. Taro Yamada", "YAMADA TARO", SAME),
                Arguments.of("Yamada-san", "ヤマダ", SAME),
                Arguments.of("Dr. Hanako Suzuki", "スズキ ハナコ", SAME),
                Arguments.of("髙橋 一郎", "高橋 一郎", SAME),                      // old form of 高
                Arguments.of("John Smith", "John Michael Smith", SAME),           // a middle name only
                Arguments.of("ヤマダ タロウ", "ﾔﾏﾀﾞﾃﾞｻﾞｲﾝ ﾔﾏﾀﾞ ﾀﾛｳ", SAME),          // sole proprietor: trade name + name
                Arguments.of("ヤマダタロウ", "ﾔﾏﾀﾞﾃﾞｻﾞｲﾝ ﾔﾏﾀﾞ ﾀﾛｳ", SAME),
                Arguments.of("ヤマダ", "ﾔﾏﾀﾞ ﾊﾅｺ", DIFFERENT),                      // a family name alone is not enough
                // Company forms
                Arguments.of("株式会社ヤマダ商事", "ヤマダ商事", SAME),
                Arguments.of("(株)ヤマダ商事", "㈱ヤマダ商事", SAME),
                Arguments.of("ヤマダショウジ株式会社", "ｶ)ﾔﾏﾀﾞｼﾖｳｼﾞ", SAME),          // bank abbreviation in front
                Arguments.of("有限会社スズキ", "ｽｽﾞｷ(ﾕ", SAME),                    // and behind
                Arguments.of("Yamada Shoji Co., Ltd.", "ヤマダショウジ（カ", SAME),
                Arguments.of("Sakura Tech K.K.", "Sakura Tech Inc.", SAME),
                Arguments.of("Acme Consulting GmbH", "ACME CONSULTING", SAME),
                // Different people with similar names
                Arguments.of("ヤマダ タロウ", "ヤマダ ジロウ", DIFFERENT),
                Arguments.of("Taro Yamada", "ﾔﾏﾓﾄ ﾀﾛｳ", DIFFERENT),
                Arguments.of("Satou Yuki", "サトウ ユカ", DIFFERENT),
                Arguments.of("Kenji Tanaka", "Kenta Tanaka", DIFFERENT),
                Arguments.of("Hanako Suzuki", "Li Wei", DIFFERENT),
                Arguments.of("山田太郎", "山田花子", DIFFERENT),
                Arguments.of("Hattori Ken", "Hatori Ken", DIFFERENT),
                Arguments.of("株式会社ヤマダ商事", "株式会社ヤマモト商事", DIFFERENT),
                Arguments.of("Yamada Taro", "ヤマダショウジ（カ", DIFFERENT),       // a person paid into a company account
                // Kanji against kana or Latin: no reading, no guess
                Arguments.of("山田 太郎", "ヤマダ タロウ", NOT_COMPARABLE),
                Arguments.of("山田 太郎", "Taro Yamada", NOT_COMPARABLE),
                Arguments.of("山田 太郎", "山田 たろう", NOT_COMPARABLE),
                Arguments.of("鈴木花子", "ﾔﾏﾀﾞ ﾀﾛｳ", NOT_COMPARABLE),
                // Other scripts only against themselves
                Arguments.of("김민준", "Kim Minjun", NOT_COMPARABLE),
                Arguments.of("Иван Петров", "Петров Иван", SAME),
                // Nothing to compare
                Arguments.of(null, "ヤマダ タロウ", NOT_COMPARABLE),
                Arguments.of("ヤマダ タロウ", "  ", NOT_COMPARABLE),
                Arguments.of("株式会社", "ヤマダ", NOT_COMPARABLE));
    }

    @ParameterizedTest(name = "{0} / {1} -> {2}")
    @MethodSource("pairs")
    void verdicts(String declared, String holder, NameVerdict expected) {
        NameComparison comparison = MATCHER.compare(declared, holder);

        assertThat(comparison.verdict()).isEqualTo(expected);
        assertThat(MATCHER.compare(holder, declared).verdict()).as("symmetric").isEqualTo(expected);
        assertReasonNamesNeither(comparison.reason(), declared, holder);
    }

    @Test
    void theTableIsLargeEnough() {
        assertThat(pairs().count()).isGreaterThanOrEqualTo(40);
    }

    @Test
    void aReadingMakesKanjiComparable() {
        NameComparison same = MATCHER.compare("山田 太郎", "ヤマダ タロウ", "ﾔﾏﾀﾞ ﾀﾛｳ");
        NameComparison different = MATCHER.compare("山田 太郎", "ヤマダ タロウ", "ｽｽﾞｷ ﾊﾅｺ");

        assertThat(same.verdict()).isEqualTo(SAME);
        assertThat(same.reason()).contains("reading");
        assertThat(different.verdict()).isEqualTo(DIFFERENT);
        assertThat(different.reason()).contains("reading");
    }

    @Test
    void theNotComparableReasonSaysSo() {
        NameComparison c = MATCHER.compare("山田 太郎", "ヤマダ タロウ");

        assertThat(c.reason()).contains("could not be compared").contains("kanji");
    }

    @Test
    void reorderedNamesSayIt() {
        assertThat(MATCHER.compare("Taro Yamada", "YAMADA TARO").reason()).contains("other order");
        assertThat(MATCHER.compare("Yamada Taro", "YAMADA TARO").reason()).doesNotContain("other order");
        assertThat(MATCHER.compare("ヤマダ タロウ", "ﾔﾏﾀﾞﾃﾞｻﾞｲﾝ ﾔﾏﾀﾞ ﾀﾛｳ").reason()).contains("trade name");
    }

    @Test
    void hostileInputIsBoundedAndNeverThrows() {
        String huge = "ア".repeat(100_000);
        String surrogates = "\uD800\uD800abc\uDFFF";
        String controls = "Taro\r\nYamada\u0000";

        assertThat(MATCHER.compare(huge, huge).verdict()).isEqualTo(NOT_COMPARABLE);
        assertThat(MATCHER.compare(surrogates, "abc").verdict()).isNotNull();
        assertThat(MATCHER.compare(controls, "Taro Yamada").verdict()).isEqualTo(SAME);
        assertThat(MATCHER.compare("a b c d e f g h i j k l m n o p", "p o n m l k j i h g f e d c b a").verdict())
                .isEqualTo(SAME);
    }

    @Test
    void sharedBetweenThreads() throws Exception {
        Thread[] threads = new Thread[4];
        boolean[] ok = new boolean[threads.length];
        for (int t = 0; t < threads.length; t++) {
            int id = t;
            threads[t] = new Thread(() -> {
                boolean all = true;
                for (int i = 0; i < 500; i++) {
                    all &= MATCHER.compare("Shota Saitoh", "ｻｲﾄｳ ｼﾖｳﾀ").verdict() == SAME;
                    all &= MATCHER.compare("ヤマダ タロウ", "ヤマダ ジロウ").verdict() == DIFFERENT;
                }
                ok[id] = all;
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join(60_000);
        }
        assertThat(ok).containsOnly(true);
    }

    private static void assertReasonNamesNeither(String reason, String... names) {
        assertThat(reason).isNotBlank();
        for (String name : names) {
            if (name == null) {
                continue;
            }
            for (String part : name.split("[\\s\u3000.,()（）]+")) {
                boolean latin = part.chars().allMatch(c -> c < 0x250);
                if (part.codePointCount(0, part.length()) >= (latin ? 3 : 2)) {
                    assertThat(reason.toLowerCase(Locale.ROOT)).doesNotContain(part.toLowerCase(Locale.ROOT));
                }
            }
        }
    }
}
