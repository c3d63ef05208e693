package io.logintelemetry.text;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * MinHash signatures of message texts, for finding the same bid or message sent by different
 * accounts with small edits. Texts are normalised (NFKC, lower case; links, e-mail addresses,
 * {@code @handles} and numbers removed; white space collapsed) and cut into character shingles, so
 * that Japanese needs no word segmentation. A fixed, seeded family of hash functions makes
 * signatures comparable across restarts and cluster nodes.
 *
 * <p>The fraction of equal positions in two signatures estimates the Jaccard similarity of the two
 * texts' shingle sets. Only signatures are kept, never the texts.
 *
 * <p>Immutable and thread-safe.
 */
public final class MinHash {

    /** Signature length unless configured otherwise: the estimate's standard error is about 0.035. */
    public static final int DEFAULT_HASHES = 128;
    /** Characters per shingle unless configured otherwise. */
    public static final int DEFAULT_SHINGLE_LENGTH = 4;
    /** Texts shorter than this after normalisation get no signature: "thanks!" is no template. */
    public static final int DEFAULT_MIN_TEXT_LENGTH = 24;
    /** Characters of a text read; the rest is ignored. */
    public static final int MAX_TEXT_LENGTH = 4096;

    private static final long SEED = 0x6c6f67696e74656cL;
    private static final Pattern LINKS = Pattern.compile("(?:https?://|www\\.)\\S{0,2048}|\\S{1,64}@\\S{1,255}|@\\w{1,64}");

    private final int hashes;
    private final int shingleLength;
    private final int minTextLength;
    /** Multiply-shift hash functions: h_k(x) = top bits of (a_k * x + b_k), a_k odd. */
    private final long[] multipliers;
    private final long[] increments;

    /** A MinHash with the defaults: 128 hashes, 4-character shingles. */
    public MinHash() {
        this(DEFAULT_HASHES, DEFAULT_SHINGLE_LENGTH, DEFAULT_MIN_TEXT_LENGTH);
    }

    /**
     * A MinHash of the given signature length and shingle size.
     *
     * @param hashes        signature length, 16 to 1024
     * @param shingleLength characters per shingle, 2 to 16
     * @param minTextLength shortest normalised text that gets a signature, at least the shingle length
     */
    public MinHash(int hashes, int shingleLength, int minTextLength) {
        if (hashes < 16 || hashes > 1024) {
            throw new IllegalArgumentException("hashes must be between 16 and 1024: " + hashes);
        }
        if (shingleLength < 2 || shingleLength > 16) {
            throw new IllegalArgumentException("shingleLength must be between 2 and 16: " + shingleLength);
        }
        if (minTextLength < shingleLength) {
            throw new IllegalArgumentException("minTextLength must be at least the shingle length: " + minTextLength);
        }
        this.hashes = hashes;
        this.shingleLength = shingleLength;
        this.minTextLength = minTextLength;
        this.multipliers = new long[hashes];
        this.increments = new long[hashes];
        long s = SEED;
        for (int i = 0; i < hashes; i++) {
            s += 0x9e3779b97f4a7c15L;
            multipliers[i] = mix(s) | 1;
            s += 0x9e3779b97f4a7c15L;
            increments[i] = mix(s);
        }
    }

    /** The signature length. */
    public int hashes() {
        return hashes;
    }

    /**
     * The signature of {@code text}: {@link #hashes()} values, or an empty array when the text is
     * null or too short after normalisation to compare.
     */
    public int[] signature(String text) {
        String s = normalise(text);
        if (s.length() < minTextLength) {
            return new int[0];
        }
        int[] signature = new int[hashes];
        Arrays.fill(signature, Integer.MAX_VALUE);
        for (int i = 0; i + shingleLength <= s.length(); i++) {
            long h = mix(shingleHash(s, i, i + shingleLength));
            for (int k = 0; k < hashes; k++) {
                // The top 31 bits: non-negative, so that "min" needs no unsigned compare.
                int v = (int) ((multipliers[k] * h + increments[k]) >>> 33);
                if (v < signature[k]) {
                    signature[k] = v;
                }
            }
        }
        return signature;
    }

    /** The estimated Jaccard similarity of the texts behind two signatures; 0 when either is empty. */
    public static double similarity(int[] a, int[] b) {
        if (a.length == 0 || a.length != b.length) {
            return 0;
        }
        int equal = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b[i]) {
                equal++;
            }
        }
        return (double) equal / a.length;
    }

    /** The text as shingled: what is left once names of things that vary per sender are removed. */
    static String normalise(String text) {
        if (text == null) {
            return "";
        }
        String s = text.length() <= MAX_TEXT_LENGTH ? text : text.substring(0, MAX_TEXT_LENGTH);
        s = Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        s = LINKS.matcher(s).replaceAll(" ");
        StringBuilder out = new StringBuilder(s.length());
        boolean space = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isDigit(c)) {
                continue;
            }
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                if (!space) {
                    out.append(' ');
                    space = true;
                }
            } else {
                out.append(c);
                space = false;
            }
        }
        int end = out.length();
        if (end > 0 && out.charAt(end - 1) == ' ') {
            out.setLength(end - 1);
        }
        return out.toString();
    }

    private static long shingleHash(String s, int from, int to) {
        long h = 0xcbf29ce484222325L;
        for (int i = from; i < to; i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** SplitMix64's finaliser: a good 64-bit mix. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
