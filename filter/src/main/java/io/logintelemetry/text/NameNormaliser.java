package io.logintelemetry.text;

import com.ibm.icu.lang.UScript;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.Transliterator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Turns a person's or company's name into comparison keys: NFKC (width), case, titles and
 * honorifics, company forms, kana to Latin letters, then one spelling for the romanisation variants
 * that Japanese names come in (Hepburn, Kunrei, passport spellings of long vowels).
 *
 * <p>The keys are meant for equality only, and they deliberately merge spellings that a human would
 * accept as the same name ({@code Ōno}, {@code Ohno}, {@code Oono} and {@code おおの} all become
 * {@code ono}). Merging too much only ever hides a mismatch; it never invents one.
 *
 * <p>Thread-safe. ICU transliterators are not documented as safe for concurrent use, so each call
 * takes one of a few instances, locked for the microseconds it needs.
 */
final class NameNormaliser {

    /** Longer names are not compared at all: real names are far shorter, and the work stays bounded. */
    static final int MAX_NAME_LENGTH = 200;
    /** All orders of up to this many tokens are tried (4! = 24 keys); longer names only as given and reversed. */
    private static final int PERMUTED_TOKENS = 4;

    private static final Normalizer2 NFKC = Normalizer2.getNFKCInstance();

    /** Company forms in Japanese, removed wherever they stand. NFKC has already turned ㈱ into (株). */
    private static final String[] JAPANESE_COMPANY_FORMS = {
        "特定非営利活動法人", "一般社団法人", "一般財団法人", "公益社団法人", "公益財団法人", "社会福祉法人", "医療法人",
        "学校法人", "株式会社", "有限会社", "合同会社", "合資会社", "合名会社", "社団法人", "財団法人", "npo法人",
        "(株)", "(有)", "(同)", "(資)", "(名)", "(社)", "(財)", "(医)", "(学)", "(福)",
        "カブシキガイシヤ", "カブシキガイシャ", "カブシキカイシヤ", "カブシキカイシャ",
        "ユウゲンガイシヤ", "ユウゲンガイシャ", "ゴウドウガイシヤ", "ゴウドウガイシャ",
    };

    /**
     * The abbreviations Japanese banks use in holder names (全銀 kana): {@code カ)ヤマダ} before the
     * name for 株式会社 in front, {@code ヤマダ(カ} after it, {@code (カ)} in the middle.
     */
    private static final String BANK_ABBREVIATIONS = "カ|ユ|ド|メ|シ|ザイ|シヤ|シャ|トク|イ|ガク|フク|ギヨ|ギョ";
    private static final Pattern BANK_FORM = Pattern.compile(
            "(?:^|(?<=\\s))(?:" + BANK_ABBREVIATIONS + ")\\)"
            + "|\\((?:" + BANK_ABBREVIATIONS + ")(?:\\)|$|(?=\\s))");

    /** Honorifics written after a Japanese name; removed at its end. */
    private static final Pattern JAPANESE_HONORIFIC = Pattern.compile(
            "\\s*(?:様|さま|サマ|殿|どの|ドノ|氏|さん|サン|くん|クン|君|ちゃん|チャン|先生)\\s*$");
    /** Honorifics joined to a romanised name with a hyphen: Tanaka-san. */
    private static final Pattern LATIN_HONORIFIC = Pattern.compile("-(?:san|sama|kun|chan|dono|sensei|shi)\\b");

    private static final Set<String> TITLES = Set.of(
            "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "madam", "mme", "mlle", "herr", "frau");
    private static final Set<String> HONORIFIC_TOKENS = Set.of("sama", "dono", "sensei");
    private static final Set<String> COMPANY_TOKENS = Set.of(
            "co", "ltd", "inc", "llc", "llp", "lp", "kk", "gk", "yk", "gmbh", "corp", "corporation", "company",
            "limited", "incorporated", "plc", "ag", "sa", "sas", "sarl", "bv", "nv", "pte", "pty", "srl", "spa",
            "kabushiki", "kaisha", "gaisha", "kabushikikaisha", "kabushikigaisha", "godo", "godokaisha",
            "yugen", "yugenkaisha", "the");

    /** Old and variant kanji that registers and banks write in their standard form. */
    private static final String[][] KANJI_VARIANTS = {
        {"髙", "高"}, {"﨑", "崎"}, {"嵜", "崎"}, {"邊", "辺"}, {"邉", "辺"}, {"澤", "沢"}, {"濱", "浜"},
        {"齋", "斎"}, {"齊", "斉"}, {"嶋", "島"}, {"嶌", "島"}, {"國", "国"}, {"廣", "広"}, {"德", "徳"},
        {"櫻", "桜"}, {"龍", "竜"}, {"瀨", "瀬"}, {"藏", "蔵"}, {"實", "実"}, {"惠", "恵"}, {"榮", "栄"},
    };

    /** Kana whose sound merged with another's; replaced before transliteration so both spell alike. */
    private static final String[][] KANA_MERGERS = {
        {"ヴァ", "バ"}, {"ヴィ", "ビ"}, {"ヴェ", "ベ"}, {"ヴォ", "ボ"}, {"ヴ", "ブ"},
        {"ゔぁ", "ば"}, {"ゔぃ", "び"}, {"ゔぇ", "べ"}, {"ゔぉ", "ぼ"}, {"ゔ", "ぶ"},
        {"ヂ", "ジ"}, {"ヅ", "ズ"}, {"ぢ", "じ"}, {"づ", "ず"}, {"ヲ", "オ"}, {"を", "お"},
        {"ヰ", "イ"}, {"ヱ", "エ"}, {"ゐ", "い"}, {"ゑ", "え"},
    };

    /** ICU's rules for kana (hiragana; katakana is shifted to it first, a fixed offset in Unicode). */
    private static final String KANA_TO_LATIN = "Hiragana-Latin";
    /** ō to o, ü to u: only run on text that has such letters, as it costs even on plain ASCII. */
    private static final String LATIN_TO_ASCII = "Latin-ASCII";

    private final Transliterator[] kanaToLatin;
    private final Transliterator[] latinToAscii;

    NameNormaliser() {
        int stripes = Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
        kanaToLatin = new Transliterator[stripes];
        latinToAscii = new Transliterator[stripes];
        for (int i = 0; i < stripes; i++) {
            kanaToLatin[i] = Transliterator.getInstance(KANA_TO_LATIN);
            latinToAscii[i] = Transliterator.getInstance(LATIN_TO_ASCII);
        }
    }

    /** The normalised form of {@code raw}; null when nothing that can be compared is left. */
    NormalisedName normalise(String raw) {
        String s = NFKC.normalize(raw);
        s = s.toLowerCase(Locale.ROOT);
        for (String form : JAPANESE_COMPANY_FORMS) {
            s = s.replace(form, " ");
        }
        s = BANK_FORM.matcher(s).replaceAll(" ").strip();
        for (int i = 0; i < 2; i++) {
            String without = JAPANESE_HONORIFIC.matcher(s).replaceFirst("");
            if (without.codePointCount(0, without.length()) >= 2) {
                s = without;
            }
        }
        s = LATIN_HONORIFIC.matcher(s).replaceAll("");
        for (String[] variant : KANJI_VARIANTS) {
            s = s.replace(variant[0], variant[1]);
        }
        for (String[] merger : KANA_MERGERS) {
            s = s.replace(merger[0], merger[1]);
        }
        boolean kana = containsKana(s);
        List<List<String>> spellings = new ArrayList<>(2);
        spellings.add(tokens(transliterate(s)));
        if (kana) {
            String restored = BankKana.restoreSmallKana(s);
            if (!restored.equals(s)) {
                spellings.add(tokens(transliterate(restored)));
            }
        }
        List<String> primary = spellings.get(0);
        if (primary.isEmpty()) {
            return null;
        }
        Set<String> written = new HashSet<>();
        for (List<String> spelling : spellings) {
            written.add(String.join("", spelling));
        }
        return new NormalisedName(scripts(primary), primary, List.copyOf(spellings), written, keys(spellings));
    }

    /** Kana to Latin letters and Latin letters to ASCII, each only where there is any. */
    private String transliterate(String s) {
        String out = s;
        if (containsKana(out)) {
            out = run(kanaToLatin, katakanaToHiragana(out));
        }
        if (hasNonAsciiLatin(out)) {
            out = run(latinToAscii, out);
        }
        return out.toLowerCase(Locale.ROOT);
    }

    private static String run(Transliterator[] stripes, String s) {
        Transliterator t = stripes[(int) (Thread.currentThread().getId() % stripes.length)];
        synchronized (t) {
            return t.transliterate(s);
        }
    }

    /** ァ..ヶ to ぁ..ゖ: the blocks are laid out alike, 0x60 apart. */
    private static String katakanaToHiragana(String s) {
        char[] chars = s.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] >= '\u30A1' && chars[i] <= '\u30F6') {
                chars[i] -= 0x60;
            }
        }
        return new String(chars);
    }

    private static boolean hasNonAsciiLatin(String s) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (cp > 0x7F && UScript.getScript(cp) == UScript.LATIN) {
                return true;
            }
            i += Character.charCount(cp);
        }
        return false;
    }

    private static boolean containsKana(String s) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int script = UScript.getScript(cp);
            if (script == UScript.HIRAGANA || script == UScript.KATAKANA) {
                return true;
            }
            i += Character.charCount(cp);
        }
        return false;
    }

    /** Splits into folded tokens without titles, company forms and stand-alone honorifics. */
    private static List<String> tokens(String s) {
        // K.K., Co.,Ltd., L.L.C.: the dots go first so abbreviations stay one token.
        s = s.replace(".", "").replace("'", "").replace("\u2019", "");
        List<String> tokens = new ArrayList<>();
        StringBuilder token = new StringBuilder();
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isLetterOrDigit(cp) && cp != 'ー') {
                token.appendCodePoint(cp);
            } else if (token.length() > 0) {
                tokens.add(token.toString());
                token.setLength(0);
            }
        }
        if (token.length() > 0) {
            tokens.add(token.toString());
        }
        while (tokens.size() > 1 && TITLES.contains(tokens.get(0))) {
            tokens.remove(0);
        }
        tokens.removeIf(t -> HONORIFIC_TOKENS.contains(t));
        while (tokens.size() > 1 && COMPANY_TOKENS.contains(tokens.get(tokens.size() - 1))) {
            tokens.remove(tokens.size() - 1);
        }
        while (tokens.size() > 1 && COMPANY_TOKENS.contains(tokens.get(0))) {
            tokens.remove(0);
        }
        if (tokens.size() == 1 && COMPANY_TOKENS.contains(tokens.get(0))) {
            tokens.clear();
        }
        List<String> folded = new ArrayList<>(tokens.size());
        for (String t : tokens) {
            String f = Romanisation.fold(t);
            if (!f.isEmpty()) {
                folded.add(f);
            }
        }
        return folded;
    }

    /** Every spelling's tokens joined in every order tried. */
    private static Set<String> keys(List<List<String>> spellings) {
        Set<String> keys = new HashSet<>();
        for (List<String> tokens : spellings) {
            for (List<String> order : orders(tokens)) {
                keys.add(String.join("", order));
            }
        }
        return keys;
    }

    static List<List<String>> orders(List<String> tokens) {
        List<List<String>> orders = new ArrayList<>();
        if (tokens.size() <= PERMUTED_TOKENS) {
            permute(new ArrayList<>(tokens), 0, orders);
        } else {
            orders.add(tokens);
            List<String> reversed = new ArrayList<>(tokens);
            java.util.Collections.reverse(reversed);
            orders.add(reversed);
        }
        return orders;
    }

    private static void permute(List<String> tokens, int from, List<List<String>> out) {
        if (from >= tokens.size() - 1) {
            out.add(List.copyOf(tokens));
            return;
        }
        for (int i = from; i < tokens.size(); i++) {
            java.util.Collections.swap(tokens, from, i);
            permute(tokens, from + 1, out);
            java.util.Collections.swap(tokens, from, i);
        }
    }

    /** The scripts a name's tokens are written in: LATIN, HAN or another ICU script code. */
    private static Set<Integer> scripts(List<String> tokens) {
        Set<Integer> scripts = new TreeSet<>();
        for (String t : tokens) {
            for (int i = 0; i < t.length(); ) {
                int cp = t.codePointAt(i);
                i += Character.charCount(cp);
                int script = UScript.getScript(cp);
                if (script != UScript.COMMON && script != UScript.INHERITED) {
                    scripts.add(script);
                }
            }
        }
        return scripts;
    }

    /**
     * A name ready for comparison.
     *
     * @param scripts the ICU script codes of its letters (kana already turned into Latin)
     * @param tokens      its folded tokens in written order
     * @param spellings   the tokens of every spelling (the written one first)
     * @param writtenKeys its tokens joined in written order, for every spelling
     * @param keys        its tokens joined, in every order tried and for every spelling
     */
    record NormalisedName(Set<Integer> scripts, List<String> tokens, List<List<String>> spellings,
                          Set<String> writtenKeys, Set<String> keys) {

        boolean hasHan() {
            return scripts.contains(UScript.HAN);
        }

        String writtenKey() {
            return String.join("", tokens);
        }
    }
}
