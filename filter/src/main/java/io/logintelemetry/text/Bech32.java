package io.logintelemetry.text;

import java.util.Locale;

/**
 * Bech32 (BIP-173) and Bech32m (BIP-350) decoding of segwit addresses: version 0 programs must use
 * Bech32, versions 1 to 16 (taproot and later) Bech32m.
 */
final class Bech32 {

    private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static final int BECH32_CONST = 1;
    private static final int BECH32M_CONST = 0x2bc830a3;
    private static final int MAX_LENGTH = 90;
    private static final int[] GENERATOR = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};

    /** A decoded segwit address: its human-readable part, witness version and program length. */
    record Segwit(String hrp, int version, int programLength) {
    }

    private Bech32() {
    }

    /** The checksum a valid string carries. */
    enum Encoding {
        BECH32, BECH32M
    }

    /** A string split into its human-readable part and 5-bit data (checksum excluded). */
    record Decoded(String hrp, int[] data, Encoding encoding) {
    }

    /** The segwit address in {@code s} for {@code expectedHrp} (such as "bc"), or null when invalid. */
    static Segwit decodeSegwit(String expectedHrp, String s) {
        Decoded d = decode(s);
        if (d == null || !d.hrp().equals(expectedHrp) || d.data().length < 1) {
            return null;
        }
        int version = d.data()[0];
        if (version > 16) {
            return null;
        }
        int programLength = convertedLength(d.data(), 1, d.data().length);
        if (programLength < 2 || programLength > 40) {
            return null;
        }
        if (version == 0 && programLength != 20 && programLength != 32) {
            return null;
        }
        // BIP-350: version 0 keeps Bech32, every later version uses Bech32m.
        if ((version == 0) != (d.encoding() == Encoding.BECH32)) {
            return null;
        }
        return new Segwit(d.hrp(), version, programLength);
    }

    /** Any Bech32 or Bech32m string (BIP-173 rules: length, character range, one case), or null. */
    static Decoded decode(String s) {
        if (s.length() > MAX_LENGTH || s.length() < 8) {
            return null;
        }
        boolean lower = false;
        boolean upper = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 33 || c > 126) {
                return null;
            }
            lower |= c >= 'a' && c <= 'z';
            upper |= c >= 'A' && c <= 'Z';
        }
        if (lower && upper) {
            return null;
        }
        String str = s.toLowerCase(Locale.ROOT);
        int separator = str.lastIndexOf('1');
        if (separator < 1 || separator + 7 > str.length()) {
            return null;
        }
        String hrp = str.substring(0, separator);
        int[] data = new int[str.length() - separator - 1];
        for (int i = 0; i < data.length; i++) {
            int v = CHARSET.indexOf(str.charAt(separator + 1 + i));
            if (v < 0) {
                return null;
            }
            data[i] = v;
        }
        int check = polymod(hrp, data);
        Encoding encoding;
        if (check == BECH32_CONST) {
            encoding = Encoding.BECH32;
        } else if (check == BECH32M_CONST) {
            encoding = Encoding.BECH32M;
        } else {
            return null;
        }
        return new Decoded(hrp, java.util.Arrays.copyOf(data, data.length - 6), encoding);
    }

    /** The byte length of 5-bit groups regrouped into 8 bits, or -1 when the padding is not zero or too long. */
    private static int convertedLength(int[] data, int from, int to) {
        int acc = 0;
        int bits = 0;
        int length = 0;
        for (int i = from; i < to; i++) {
            acc = ((acc << 5) | data[i]) & 0xfff;
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                length++;
            }
        }
        if (bits >= 5 || ((acc << (8 - bits)) & 0xff) != 0) {
            return -1;
        }
        return length;
    }

    private static int polymod(String hrp, int[] data) {
        int chk = 1;
        for (int i = 0; i < hrp.length(); i++) {
            chk = step(chk, hrp.charAt(i) >> 5);
        }
        chk = step(chk, 0);
        for (int i = 0; i < hrp.length(); i++) {
            chk = step(chk, hrp.charAt(i) & 31);
        }
        for (int v : data) {
            chk = step(chk, v);
        }
        return chk;
    }

    private static int step(int chk, int value) {
        int top = chk >>> 25;
        chk = ((chk & 0x1ffffff) << 5) ^ value;
        for (int i = 0; i < 5; i++) {
            if (((top >>> i) & 1) != 0) {
                chk ^= GENERATOR[i];
            }
        }
        return chk;
    }
}
