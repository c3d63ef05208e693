package io.logintelemetry.text;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Recognises wallet addresses by their checksums, so that a random 34-character product code or a
 * hex transaction hash does not pass for one: Bitcoin base58check (P2PKH version 0x00, P2SH 0x05)
 * and bech32/bech32m segwit ({@code bc1...}), Ethereum (EIP-55), Tron (base58check, version 0x41).
 */
final class WalletAddresses {

    /** What a candidate string is. */
    enum Kind {
        BITCOIN, ETHEREUM_CHECKSUMMED, ETHEREUM_NO_CHECKSUM, TRON, NONE
    }

    private static final byte BITCOIN_P2PKH = 0x00;
    private static final byte BITCOIN_P2SH = 0x05;
    private static final byte TRON = 0x41;

    private WalletAddresses() {
    }

    /** What {@code s} (one run of letters and digits) is. */
    static Kind classify(String s) {
        int n = s.length();
        if (n == 42 && (s.startsWith("0x") || s.startsWith("0X"))) {
            return ethereum(s.substring(2));
        }
        char first = s.charAt(0);
        if ((first == '1' || first == '3') && n >= 26 && n <= 35) {
            byte[] payload = Base58.decodeChecked(s);
            if (payload != null && payload.length == 21
                    && (payload[0] == BITCOIN_P2PKH && first == '1' || payload[0] == BITCOIN_P2SH && first == '3')) {
                return Kind.BITCOIN;
            }
            return Kind.NONE;
        }
        if (first == 'T' && n == 34) {
            byte[] payload = Base58.decodeChecked(s);
            return payload != null && payload.length == 21 && payload[0] == TRON ? Kind.TRON : Kind.NONE;
        }
        if (n >= 14 && (s.startsWith("bc1") || s.startsWith("BC1"))) {
            return Bech32.decodeSegwit("bc", s) != null ? Kind.BITCOIN : Kind.NONE;
        }
        return Kind.NONE;
    }

    /** EIP-55 on the 40 hex digits after 0x. */
    static Kind ethereum(String hex) {
        boolean lower = false;
        boolean upper = false;
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            if (c >= 'a' && c <= 'f') {
                lower = true;
            } else if (c >= 'A' && c <= 'F') {
                upper = true;
            } else if (c < '0' || c > '9') {
                return Kind.NONE;
            }
        }
        if (!(lower && upper)) {
            return Kind.ETHEREUM_NO_CHECKSUM;
        }
        return hex.equals(eip55(hex)) ? Kind.ETHEREUM_CHECKSUMMED : Kind.NONE;
    }

    /** The EIP-55 spelling of 40 hex digits (without 0x). */
    static String eip55(String hex) {
        String lower = hex.toLowerCase(Locale.ROOT);
        byte[] hash = Keccak256.digest(lower.getBytes(StandardCharsets.US_ASCII));
        StringBuilder out = new StringBuilder(lower.length());
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            int nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xf;
            out.append(c >= 'a' && nibble >= 8 ? Character.toUpperCase(c) : c);
        }
        return out.toString();
    }
}
