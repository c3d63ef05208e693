package io.logintelemetry.text;

/**
 * Undoes what Japanese bank transfer formats (全銀 kana) do to small kana: they cannot hold
 * {@code ャュョッ}, so {@code ショウジ} is stored as {@code シヨウジ} and {@code ハットリ} as
 * {@code ハツトリ}. The restored spelling is only ever an extra candidate next to the written one.
 */
final class BankKana {

    private static final String YOON_HEADS_KATAKANA = "キシチニヒミリギジビピ";
    private static final String YOON_HEADS_HIRAGANA = "きしちにひみりぎじびぴ";
    /** Kana that a small ッ/っ can stand before (k, s, t, p rows). */
    private static final String GEMINABLE_KATAKANA = "カキクケコガギグゲゴサシスセソタチツテトパピプペポ";
    private static final String GEMINABLE_HIRAGANA = "かきくけこがぎぐげごさしすせそたちつてとぱぴぷぺぽ";

    private BankKana() {
    }

    static String restoreSmallKana(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            char prev = i > 0 ? s.charAt(i - 1) : 0;
            char next = i + 1 < s.length() ? s.charAt(i + 1) : 0;
            out.append(restore(c, prev, next));
        }
        return out.toString();
    }

    private static char restore(char c, char prev, char next) {
        switch (c) {
            case 'ヤ': return YOON_HEADS_KATAKANA.indexOf(prev) >= 0 ? 'ャ' : c;
            case 'ユ': return YOON_HEADS_KATAKANA.indexOf(prev) >= 0 ? 'ュ' : c;
            case 'ヨ': return YOON_HEADS_KATAKANA.indexOf(prev) >= 0 ? 'ョ' : c;
            case 'や': return YOON_HEADS_HIRAGANA.indexOf(prev) >= 0 ? 'ゃ' : c;
            case 'ゆ': return YOON_HEADS_HIRAGANA.indexOf(prev) >= 0 ? 'ゅ' : c;
            case 'よ': return YOON_HEADS_HIRAGANA.indexOf(prev) >= 0 ? 'ょ' : c;
            case 'ツ': return next != 0 && GEMINABLE_KATAKANA.indexOf(next) >= 0 ? 'ッ' : c;
            case 'つ': return next != 0 && GEMINABLE_HIRAGANA.indexOf(next) >= 0 ? 'っ' : c;
            default: return c;
        }
    }
}
