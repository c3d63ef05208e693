package io.logintelemetry.export.format;

import io.logintelemetry.flag.FlagJson;

/** Character clean-up shared by the line formats. */
final class Text {

    private Text() {
    }

    /** Unpaired surrogates become U+FFFD: they cannot be encoded and would corrupt the UTF-8 record. */
    static String wellFormed(String s) {
        return FlagJson.clean(s);
    }

    /** C0 controls and DEL (NUL, CR, LF, TAB...) and the Unicode line and paragraph separators. */
    static boolean isControl(char c) {
        return c < 0x20 || c == 0x7F || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }
}
