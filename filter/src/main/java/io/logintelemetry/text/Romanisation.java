package io.logintelemetry.text;

/**
 * One spelling for the ways Japanese names are romanised: Hepburn and Kunrei syllables
 * ({@code shi/si}, {@code chi/ti}, {@code tsu/tu}, {@code fu/hu}, {@code ji/zi}, {@code sha/sya}, and
 * the common {@code jyu} for {@code ju}),
 * long vowels ({@code ō}, {@code ou}, {@code oo}, {@code oh}, {@code uu}...), {@code m/n} before
 * {@code b}, {@code p}, {@code m}, and {@code v/b}. Applied alike to both names, so that only the
 * direction matters (everything goes to the Kunrei-like short form), not which spelling is right.
 */
final class Romanisation {

    private static final String[][] SYLLABLES = {
        {"cch", "tch"}, {"sh", "sy"}, {"ch", "ty"}, {"ts", "t"}, {"dz", "z"}, {"dj", "zy"}, {"j", "zy"},
        {"f", "h"}, {"v", "b"}, {"zyy", "zy"}, {"syi", "si"}, {"tyi", "ti"}, {"zyi", "zi"}, {"mb", "nb"}, {"mp", "np"},
        {"mm", "nm"},
    };
    private static final String[][] LONG_VOWELS = {
        {"ou", "o"}, {"oo", "o"}, {"uu", "u"}, {"aa", "a"}, {"ii", "i"}, {"ee", "e"},
    };

    private Romanisation() {
    }

    /** The folded form of one lower-case token; letters outside a-z pass unchanged. */
    static String fold(String token) {
        String s = token;
        for (String[] r : SYLLABLES) {
            s = s.replace(r[0], r[1]);
        }
        s = dropLengtheningH(s);
        boolean changed = true;
        // Bounded: every pass shortens the string.
        while (changed) {
            changed = false;
            for (String[] r : LONG_VOWELS) {
                String next = s.replace(r[0], r[1]);
                if (!next.equals(s)) {
                    s = next;
                    changed = true;
                }
            }
        }
        return s;
    }

    /** Passport spelling of a long o: Ohno, Saitoh. An h before a vowel (Ohashi) is a real h. */
    private static String dropLengtheningH(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 'h' && i > 0 && s.charAt(i - 1) == 'o' && (i + 1 == s.length() || !isVowelOrY(s.charAt(i + 1)))) {
                continue;
            }
            out.append(c);
        }
        return out.toString();
    }

    private static boolean isVowelOrY(char c) {
        return c == 'a' || c == 'i' || c == 'u' || c == 'e' || c == 'o' || c == 'y';
    }
}
