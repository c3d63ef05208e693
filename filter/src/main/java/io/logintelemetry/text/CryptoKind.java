package io.logintelemetry.text;

/** Kinds of crypto payment hints found in a message. */
public enum CryptoKind {
    /** A Bitcoin address whose checksum holds (base58check P2PKH/P2SH, or bech32/bech32m segwit). */
    BITCOIN,
    /** An Ethereum (ERC-20) address: EIP-55 checksum holds, or all one case (which carries no checksum). */
    ETHEREUM,
    /** A Tron (TRC-20, often USDT) address whose base58check checksum holds. */
    TRON,
    /** Wording about paying in crypto assets ("USDT", "ビットコインで", "pay in crypto"). */
    CRYPTO_WORDING
}
