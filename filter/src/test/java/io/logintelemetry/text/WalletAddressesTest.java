package io.logintelemetry.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.text.WalletAddresses.Kind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Published test vectors: Keccak-256, EIP-55, BIP-173/BIP-350, base58check addresses. */
class WalletAddressesTest {

    @ParameterizedTest(name = "keccak256({0})")
    @CsvSource(delimiter = '|', value = {
        "''|c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
        "abc|4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45",
        "testing|5f16f4c7f149ac4f9510d9cf8cf384038ad348b3bcdc01915f95de12df9d1b02",
        "hello world|47173285a8d7341e5e972fc677286384f802f8ef42a5ec5f03bbfa254cb01fad",
        "Transfer(address,address,uint256)|ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef",
        "The quick brown fox jumps over the lazy dog|4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15",
    })
    void keccak256(String input, String expectedHex) {
        byte[] digest = Keccak256.digest(input.getBytes(StandardCharsets.US_ASCII));

        assertThat(HexFormat.of().formatHex(digest)).isEqualTo(expectedHex);
    }

    @Test
    void keccak256OverMoreThanOneBlock() {
        String input = "A perfect hash function for a specific set S that can be evaluated in constant time, and with "
                + "values in a small range, can be found by a randomized algorithm in a number of operations";
        assertThat(input.length()).as("longer than the 136-byte rate").isGreaterThan(136);

        assertThat(HexFormat.of().formatHex(Keccak256.digest(input.getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("60d820b069bdb4545c690a11e8f8e6e444878010228920dd1598925a8fc2edcf");
    }

    @Test
    void keccak256IsNotTheJdksSha3() throws Exception {
        byte[] sha3 = MessageDigest.getInstance("SHA3-256").digest(new byte[0]);

        assertThat(HexFormat.of().formatHex(sha3))
                .isEqualTo("a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a")
                .isNotEqualTo(HexFormat.of().formatHex(Keccak256.digest(new byte[0])));
    }

    /** The examples of EIP-55 itself. */
    @ParameterizedTest
    @ValueSource(strings = {
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    })
    void eip55MixedCase(String address) {
        assertThat(WalletAddresses.classify(address)).isEqualTo(Kind.ETHEREUM_CHECKSUMMED);
        assertThat("0x" + WalletAddresses.eip55(address.substring(2).toLowerCase())).isEqualTo(address);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "0x52908400098527886E0F7030069857D2E4169EE7", "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
        "0xde709f2102306220921060314715629080e2fb77", "0x27b1fdb04752bbc536007a920d24acb045561c26",
    })
    void eip55SingleCaseCarriesNoChecksum(String address) {
        assertThat(WalletAddresses.classify(address)).isEqualTo(Kind.ETHEREUM_NO_CHECKSUM);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD",   // one letter's case flipped
        "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d35G",   // not hex
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeA",     // too short
    })
    void eip55Broken(String address) {
        assertThat(WalletAddresses.classify(address)).isEqualTo(Kind.NONE);
    }

    /** BIP-350's valid Bech32m strings and BIP-173's valid Bech32 strings. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "A1LQFN3A|BECH32M", "a1lqfn3a|BECH32M",
        "an83characterlonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11sg7hg6|BECH32M",
        "abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx|BECH32M",
        "11llllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllludsr8|BECH32M",
        "split1checkupstagehandshakeupstreamerranterredcaperredlc445v|BECH32M",
        "?1v759aa|BECH32M",
        "A12UEL5L|BECH32", "a12uel5l|BECH32",
        "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs|BECH32",
        "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw|BECH32",
        "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w|BECH32",
        "?1ezyfcl|BECH32",
    })
    void bech32Valid(String s, Bech32.Encoding encoding) {
        assertThat(Bech32.decode(s)).isNotNull().extracting(Bech32.Decoded::encoding).isEqualTo(encoding);
    }

    /** BIP-350's invalid Bech32m strings. */
    @ParameterizedTest
    @ValueSource(strings = {
        "\u00201xj0phk", "\u007f1g6xzxy", "\u00801vctc34",
        "an84characterslonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11d6pts4",
        "qyrz8wqd2c9m", "1qyrz8wqd2c9m", "y1b0jsk6g", "lt1igcx5c0", "in1muywd", "mm1crxm3i", "au1s5cgom",
        "M1VUXWEZ", "16plkw9", "1p2gdwpf",
    })
    void bech32Invalid(String s) {
        assertThat(Bech32.decode(s)).isNull();
    }

    /** BIP-350's valid segwit addresses, mainnet and testnet, with their witness versions and program lengths. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "bc|BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4|0|20",
        "tb|tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7|0|32",
        "bc|bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y|1|40",
        "bc|BC1SW50QGDZ25J|16|2",
        "bc|bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs|2|16",
        "tb|tb1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesrxh6hy|0|32",
        "tb|tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c|1|32",
        "bc|bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0|1|32",
    })
    void segwitValid(String hrp, String address, int version, int programLength) {
        assertThat(Bech32.decodeSegwit(hrp, address)).isEqualTo(new Bech32.Segwit(hrp, version, programLength));
    }

    /** BIP-350's invalid segwit addresses (each for its own reason). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "tb|tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut",
        "bc|bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd",
        "tb|tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf",
        "bc|BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL",
        "bc|bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh",
        "tb|tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47",
        "bc|bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4",
        "bc|BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R",
        "bc|bc1pw5dgrnzv",
        "bc|bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav",
        "bc|BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P",
        "tb|tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq",
        "bc|bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf",
        "tb|tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j",
        "bc|bc1gmk9yu",
    })
    void segwitInvalid(String hrp, String address) {
        assertThat(Bech32.decodeSegwit(hrp, address)).isNull();
    }

    /** Addresses from the Bitcoin wiki (P2PKH, P2SH) and the genesis block's coinbase. */
    @ParameterizedTest
    @ValueSource(strings = {
        "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
        "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
    })
    void bitcoinValid(String address) {
        assertThat(WalletAddresses.classify(address)).isEqualTo(Kind.BITCOIN);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3",   // last character changed: checksum fails
        "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLz",
        "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNV0l",   // 0 and l are not base58
        "1111111111111111111111111111111111",   // all zeros: checksum fails
    })
    void bitcoinInvalid(String address) {
        assertThat(WalletAddresses.classify(address)).isEqualTo(Kind.NONE);
    }

    @Test
    void base58KnownPayload() {
        // The genesis address decodes to version 0x00 + HASH160 62e907b1...5f6e6fd3 (Bitcoin wiki).
        byte[] payload = Base58.decodeChecked("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa");

        assertThat(HexFormat.of().formatHex(payload)).isEqualTo("0062e907b15cbf27d5425399ebf6f0fb50ebb88f18");
    }

    /** Tron: the USDT TRC-20 contract and the example of Tron's developer documentation. */
    @Test
    void tron() {
        assertThat(WalletAddresses.classify("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t")).isEqualTo(Kind.TRON);
        assertThat(HexFormat.of().formatHex(Base58.decodeChecked("TNPeeaaFB7K9cmo4uQpcU32zGK8G1NYqeL")))
                .isEqualTo("418840e6c55b9ada326d211d818c34a994aeced808");
        assertThat(WalletAddresses.classify("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u")).isEqualTo(Kind.NONE);
    }
}
