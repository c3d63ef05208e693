package io.logintelemetry.text;

import io.logintelemetry.text.NameNormaliser.NormalisedName;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Compares an account's declared name with the holder name of its payout account, the way a
 * Japanese platform sees them: the profile may say {@code 山田 太郎} or {@code Taro Yamada}, the bank
 * says {@code ﾔﾏﾀﾞ ﾀﾛｳ}, a company {@code ｶ)ﾔﾏﾀﾞｼﾖｳｼﾞ}.
 *
 * <p>Both names are normalised alike: Unicode NFKC (full and half width), case, spaces and
 * punctuation, honorifics and titles ({@code 様}, {@code さん}, {@code 殿}, {@code Mr}, {@code Dr}...),
 * company forms ({@code 株式会社}, {@code (株)}, {@code カ)}, {@code Co., Ltd.}, {@code K.K.},
 * {@code Inc.}, {@code GmbH}...), katakana and hiragana to Latin letters (Hepburn, via ICU4J), the
 * small kana banks cannot store, and the romanisation variants of long vowels and syllables. Then
 * the names are the same if their words match in some order (family and given names are written
 * either way round), if one adds only a middle name, or if one holds the other beside other words
 * (a sole proprietor's account: trade name and personal name).
 *
 * <p>There is no reading of kanji: where one name is in kanji and the other is not, the verdict is
 * {@link NameVerdict#NOT_COMPARABLE} unless the caller gives the declared name's reading (the
 * furigana many Japanese platforms collect), never a guess. Names in other scripts (Hangul,
 * Cyrillic...) are only compared with names in the same script, as their romanisations vary too
 * much to call a difference.
 *
 * <p>Instances are immutable apart from internal caches and safe to share between threads; create one
 * and keep it, as creating loads ICU's transliteration data. Work per call is bounded: names longer
 * than {@value NameNormaliser#MAX_NAME_LENGTH} characters are not compared.
 */
public final class NameMatcher {

    static final String SAME_REASON = "the names match after normalisation";
    static final String SAME_REORDERED_REASON = "the names match with family and given name in the other order";
    static final String SAME_MIDDLE_REASON = "the names match apart from a middle name";
    static final String SAME_WITHIN_REASON =
            "the holder name contains the declared name beside other words, such as a trade name";
    static final String SAME_READING_REASON = "the holder name matches the reading of the declared name";
    static final String DIFFERENT_REASON = "the names differ after normalisation";
    static final String DIFFERENT_READING_REASON = "the holder name differs from the reading of the declared name";
    static final String MISSING_REASON = "the names could not be compared: a name is missing";
    static final String TOO_LONG_REASON = "the names could not be compared: a name is too long";
    static final String EMPTY_REASON =
            "the names could not be compared: nothing is left of a name after removing titles and company forms";
    static final String KANJI_REASON =
            "the names could not be compared: one is in kanji, the other is not, and no reading is known";
    static final String SCRIPT_REASON = "the names could not be compared: they are written in different scripts";

    private final NameNormaliser normaliser = new NameNormaliser();

    /** A matcher; loads ICU's data, so create one and share it. */
    public NameMatcher() {
    }

    /**
     * Compares a declared name with a payout account holder's name.
     *
     * @param declaredName the name the account declared (profile or identity document); may be null
     * @param holderName   the payout account holder's name; may be null
     * @return the verdict and a reason that names neither name; never null, never throws for any input
     */
    public NameComparison compare(String declaredName, String holderName) {
        return compare(declaredName, null, holderName);
    }

    /**
     * Compares a declared name, with its phonetic reading when known, with a payout account holder's
     * name. The reading (for example the katakana furigana of a kanji name) is used when the declared
     * name itself cannot be compared with the holder name.
     *
     * @param declaredName    the name the account declared; may be null
     * @param declaredReading the phonetic reading of the declared name; may be null
     * @param holderName      the payout account holder's name; may be null
     * @return the verdict and a reason that names neither name; never null
     */
    public NameComparison compare(String declaredName, String declaredReading, String holderName) {
        NameComparison direct = compareNames(declaredName, holderName);
        if (direct.verdict() != NameVerdict.NOT_COMPARABLE || isBlank(declaredReading) || isBlank(holderName)) {
            return direct;
        }
        NameComparison byReading = compareNames(declaredReading, holderName);
        return switch (byReading.verdict()) {
            case SAME -> new NameComparison(NameVerdict.SAME, SAME_READING_REASON);
            case DIFFERENT -> new NameComparison(NameVerdict.DIFFERENT, DIFFERENT_READING_REASON);
            case NOT_COMPARABLE -> direct;
        };
    }

    private NameComparison compareNames(String a, String b) {
        if (isBlank(a) || isBlank(b)) {
            return new NameComparison(NameVerdict.NOT_COMPARABLE, MISSING_REASON);
        }
        if (a.length() > NameNormaliser.MAX_NAME_LENGTH || b.length() > NameNormaliser.MAX_NAME_LENGTH) {
            return new NameComparison(NameVerdict.NOT_COMPARABLE, TOO_LONG_REASON);
        }
        NormalisedName x;
        NormalisedName y;
        try {
            x = normaliser.normalise(a);
            y = normaliser.normalise(b);
        } catch (RuntimeException e) {
            // ICU on a malformed string (lone surrogates...): say so rather than fail the caller.
            return new NameComparison(NameVerdict.NOT_COMPARABLE, MISSING_REASON);
        }
        if (x == null || y == null) {
            return new NameComparison(NameVerdict.NOT_COMPARABLE, EMPTY_REASON);
        }
        if (!x.scripts().equals(y.scripts())) {
            // 山田 太郎 against ヤマダ タロウ, or 山田 太郎 against 山田 たろう: no reading of kanji, no guess.
            return new NameComparison(NameVerdict.NOT_COMPARABLE,
                    x.hasHan() || y.hasHan() ? KANJI_REASON : SCRIPT_REASON);
        }
        if (x.writtenKey().equals(y.writtenKey())) {
            return new NameComparison(NameVerdict.SAME, SAME_REASON);
        }
        if (!Collections.disjoint(x.keys(), y.keys())) {
            return new NameComparison(NameVerdict.SAME, sameSpellingInOrder(x, y) ? SAME_REASON : SAME_REORDERED_REASON);
        }
        if (onlyMiddleNameAdded(x.tokens(), y.tokens()) || onlyMiddleNameAdded(y.tokens(), x.tokens())) {
            return new NameComparison(NameVerdict.SAME, SAME_MIDDLE_REASON);
        }
        if (containsAsWords(y, x) || containsAsWords(x, y)) {
            return new NameComparison(NameVerdict.SAME, SAME_WITHIN_REASON);
        }
        return new NameComparison(NameVerdict.DIFFERENT, DIFFERENT_REASON);
    }

    /** Whether a key in written order matches: then only spelling differed, not the order. */
    private static boolean sameSpellingInOrder(NormalisedName x, NormalisedName y) {
        return !Collections.disjoint(x.writtenKeys(), y.writtenKeys());
    }

    /** {@code John Smith} against {@code John Michael Smith}: every word of the shorter, first and last kept. */
    private static boolean onlyMiddleNameAdded(List<String> shorter, List<String> longer) {
        if (shorter.size() < 2 || longer.size() <= shorter.size()) {
            return false;
        }
        List<String> rest = new ArrayList<>(longer);
        for (String t : shorter) {
            if (!rest.remove(t)) {
                return false;
            }
        }
        Set<String> ends = Set.of(longer.get(0), longer.get(longer.size() - 1));
        return shorter.containsAll(ends);
    }

    /**
     * A sole proprietor's account is often held as trade name and personal name, ヤマダデザイン ヤマダ
     * タロウ: whether consecutive words of {@code longer} spell {@code shorter} in some order. It takes
     * at least two words on one side, so that a family name alone never matches a relative's account.
     */
    private static boolean containsAsWords(NormalisedName longer, NormalisedName shorter) {
        boolean shorterHasWords = shorter.tokens().size() >= 2;
        for (List<String> words : longer.spellings()) {
            for (int from = 0; from < words.size(); from++) {
                StringBuilder run = new StringBuilder();
                for (int to = from; to < words.size(); to++) {
                    run.append(words.get(to));
                    boolean enoughWords = shorterHasWords || to > from;
                    boolean wholeName = from == 0 && to == words.size() - 1;
                    if (enoughWords && !wholeName && shorter.keys().contains(run.toString())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
