package io.logintelemetry.text;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/** Base58 (Bitcoin alphabet) decoding and the base58check checksum that Bitcoin and Tron addresses carry. */
final class Base58 {

    private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final int[] INDEXES = new int[128];
    private static final BigInteger BASE = BigInteger.valueOf(58);
    /** Addresses are at most 35 characters; this bounds the big-integer work on hostile input. */
    static final int MAX_LENGTH = 64;

    static {
        Arrays.fill(INDEXES, -1);
        for (int i = 0; i < ALPHABET.length(); i++) {
            INDEXES[ALPHABET.charAt(i)] = i;
        }
    }

    private Base58() {
    }

    /** The decoded bytes, or null when {@code s} is empty, too long or not base58. */
    static byte[] decode(String s) {
        if (s.isEmpty() || s.length() > MAX_LENGTH) {
            return null;
        }
        BigInteger value = BigInteger.ZERO;
        int zeros = 0;
        boolean leading = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int digit = c < 128 ? INDEXES[c] : -1;
            if (digit < 0) {
                return null;
            }
            if (leading && digit == 0) {
                zeros++;
            } else {
                leading = false;
            }
            value = value.multiply(BASE).add(BigInteger.valueOf(digit));
        }
        byte[] magnitude = value.signum() == 0 ? new byte[0] : value.toByteArray();
        int skip = magnitude.length > 0 && magnitude[0] == 0 ? 1 : 0;
        byte[] out = new byte[zeros + magnitude.length - skip];
        System.arraycopy(magnitude, skip, out, zeros, magnitude.length - skip);
        return out;
    }

    /** The payload (version byte first) of a base58check string, or null when the checksum fails. */
    static byte[] decodeChecked(String s) {
        byte[] raw = decode(s);
        if (raw == null || raw.length < 5) {
            return null;
        }
        byte[] payload = Arrays.copyOf(raw, raw.length - 4);
        byte[] check = doubleSha256(payload);
        for (int i = 0; i < 4; i++) {
            if (check[i] != raw[payload.length + i]) {
                return null;
            }
        }
        return payload;
    }

    static byte[] doubleSha256(byte[] data) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return sha.digest(sha.digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
