package io.logintelemetry.text;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds, in a message that one account sends another through the platform, what suggests taking
 * the work off the platform (e-mail addresses, phone numbers, chat app ids and invitations, direct
 * deal wording) or being paid in crypto assets (wallet addresses that pass their checksums, crypto
 * payment wording), in Japanese and English.
 *
 * <p>The operator's own addresses (the support desk a signature quotes) are allow-listed by address
 * or by domain and never count. Findings name only kinds, never the matched text.
 *
 * <pre>{@code
 * MessageScanner scanner = MessageScanner.builder()
 *         .allowEmailDomain("example-platform.jp")
 *         .allowEmail("support@example-help.com")
 *         .build();
 * MessageFindings found = scanner.scan(text);
 * }</pre>
 *
 * <p>Immutable and thread-safe. Work per call is bounded: only the first
 * {@link Builder#maxTextLength(int) maxTextLength} characters are read, every pattern is linear in
 * the text (no nested open-ended quantifiers), and at most {@value #MAX_WALLET_CANDIDATES} wallet
 * candidates are checked.
 */
public final class MessageScanner {

    /** Characters read from each message unless configured otherwise. */
    public static final int DEFAULT_MAX_TEXT_LENGTH = 8192;
    static final int MAX_WALLET_CANDIDATES = 64;

    private static final Pattern AT_WORD = Pattern.compile(
            "\\s*[(\\[{<]\\s*(?:at|あっと|アット)\\s*[)\\]}>]\\s*|\\s*(?:アットマーク|あっとまーく)\\s*");
    private static final Pattern DOT_WORD = Pattern.compile("\\s*[(\\[{<]\\s*(?:dot|どっと|ドット)\\s*[)\\]}>]\\s*");
    /** "taro at example dot com": only when a dot or the word dot follows the domain-like word. */
    private static final Pattern SPOKEN_EMAIL = Pattern.compile(
            "\\b([a-z0-9._-]{1,64})\\s+at\\s+([a-z0-9-]{1,63})\\s+dot\\s+([a-z]{2,24})\\b");
    private static final Pattern EMAIL = Pattern.compile("[a-z0-9._%+-]{1,64}@([a-z0-9.-]{1,253})");

    /** A run that may be a phone number; validated by its digits and grouping in code. */
    private static final Pattern PHONE_CANDIDATE = Pattern.compile(
            "(?<![\\w.,¥$€£+/-])\\+?\\(?\\d[\\d \\-()\u2010-\u2015\u2212]{6,22}\\d(?![\\w%]|[.,]\\d|円|万|千|ドル)");

    private static final Pattern LINE_ID = Pattern.compile(
            "(?:\\bline|ライン|らいん)\\s*(?:の\\s*)?(?:id|@|アカウント|で|交換|追加|友達|ともだち|登録|ください|下さい|教え)");
    private static final Pattern SIGNAL_ID = Pattern.compile("\\bsignal\\s*(?:id|app|messenger)\\b");
    private static final String[] CHAT_MARKERS = {
        "line.me/", "lin.ee/", "t.me/", "telegram.me/", "telegram", "テレグラム", "wa.me/", "whatsapp", "whats app",
        "ワッツアップ", "ワッツアップ", "discord.gg/", "discord.com/invite", "discordapp.com/invite", "discord",
        "ディスコード", "skype", "スカイプ", "live:.cid", "wechat", "weixin", "微信", "ウィーチャット", "signal.me/",
        "signal.group/", "kakaotalk", "kakao talk", "open.kakao.com", "カカオトーク", "viber",
    };

    private static final String[] DIRECT_DEAL_JAPANESE = {
        "直接取引", "直接契約", "直接のお取引", "直接お取引", "直接のやり取り", "直接やり取り", "直接やりとり", "直接連絡",
        "直接ご連絡", "直接支払", "直接お支払", "直接振込", "直接振り込", "直接お振込", "直接ご依頼", "直接依頼", "直接発注",
        "サイト外", "サイトの外", "サイトを通さ", "サイトを介さ", "サイトを通じず", "サイトを使わず", "プラットフォーム外",
        "プラットフォームの外", "プラットフォームを通さ", "プラットフォームを介さ", "運営を通さ", "運営を介さ", "運営に内緒",
        "運営には内緒", "手数料なしで", "手数料無しで", "手数料を払わず", "手数料を節約", "手数料がかからない",
        "手数料を取られない", "手数料を回避", "手数料を引かれない", "個人的に連絡", "個人的にやり取り", "個人で契約",
        "個人間取引", "外部で取引", "外部でやり取り", "外部で契約", "仲介なしで", "連絡先を交換", "連絡先交換",
        "連絡先を教え", "連絡先教え", "メアド", "個人のメール", "個人メール", "電話番号を教え", "携帯番号を教え",
    };
    /** A fee phrase right after these is the bank's transfer fee, not the platform's. */
    private static final String[] BANK_FEE_PREFIXES = {"振込", "振り込み", "振込み", "送金", "銀行"};
    private static final String[] DIRECT_DEAL_ENGLISH = {
        "pay you directly", "pay me directly", "outside the platform", "outside of the platform", "outside this platform",
        "outside the site", "outside of the site", "outside this site", "outside the app", "off the platform",
        "off platform", "off the site", "contact me directly", "contact me off", "reach me directly",
        "email me directly", "message me directly", "text me directly", "deal directly", "work with me directly",
        "work directly with me", "avoid the fee", "avoid fees", "avoid the platform fee", "save the fee", "save on fees",
        "no platform fee", "without the platform fee", "without platform fee", "skip the fee", "bypass the platform",
        "bypass the site", "bypass upwork", "outside upwork", "outside fiverr", "off upwork", "off fiverr",
        "my personal email", "my personal number", "my private email", "my private number", "send me your email",
        "share your email", "give me your email", "your personal email", "exchange contacts",
    };

    private static final Set<String> CRYPTO_WORDS = Set.of(
            "btc", "eth", "usdt", "usdc", "trx", "xmr", "bnb", "ltc", "busd", "trc20", "erc20", "bep20", "crypto",
            "cryptocurrency", "cryptocurrencies", "bitcoin", "bitcoins", "ethereum", "tether", "monero", "litecoin",
            "binance", "metamask", "stablecoin", "stablecoins", "cryptoasset", "cryptoassets");
    private static final String[] CRYPTO_PHRASES = {
        "ビットコイン", "イーサリアム", "テザー", "暗号資産", "仮想通貨", "暗号通貨", "ステーブルコイン", "ウォレットアドレス",
        "モネロ", "ライトコイン", "wallet address", "crypto wallet",
    };

    private final int maxTextLength;
    private final Set<String> allowedEmails;
    private final Set<String> allowedDomains;

    private MessageScanner(Builder b) {
        this.maxTextLength = b.maxTextLength;
        this.allowedEmails = Set.copyOf(b.allowedEmails);
        this.allowedDomains = Set.copyOf(b.allowedDomains);
    }

    /** A scanner with no allow-list. */
    public static MessageScanner create() {
        return builder().build();
    }

    /** A builder for a scanner with an operator allow-list. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Scans one message.
     *
     * @param text the message text; null or blank gives empty findings
     * @return what was found; never null, never throws for any input
     */
    public MessageFindings scan(String text) {
        if (text == null || text.isBlank()) {
            return MessageFindings.NONE;
        }
        String head = text.length() <= maxTextLength ? text : text.substring(0, safeCut(text, maxTextLength));
        String nfkc = Normalizer.normalize(head, Normalizer.Form.NFKC);
        String lower = nfkc.toLowerCase(Locale.ROOT);
        EnumSet<ContactKind> contacts = EnumSet.noneOf(ContactKind.class);
        EnumSet<CryptoKind> crypto = EnumSet.noneOf(CryptoKind.class);
        EnumSet<CryptoKind> withoutChecksum = EnumSet.noneOf(CryptoKind.class);
        if (hasEmail(lower)) {
            contacts.add(ContactKind.EMAIL);
        }
        if (hasPhone(nfkc)) {
            contacts.add(ContactKind.PHONE);
        }
        String wording = wording(lower);
        if (hasChatId(lower, wording)) {
            contacts.add(ContactKind.CHAT_ID);
        }
        if (hasDirectDealWording(wording)) {
            contacts.add(ContactKind.DIRECT_DEAL_WORDING);
        }
        wallets(nfkc, crypto, withoutChecksum);
        if (hasCryptoWording(lower, wording)) {
            crypto.add(CryptoKind.CRYPTO_WORDING);
        }
        if (contacts.isEmpty() && crypto.isEmpty()) {
            return MessageFindings.NONE;
        }
        return new MessageFindings(contacts, crypto, withoutChecksum);
    }

    private boolean hasEmail(String lower) {
        String s = lower;
        if (s.indexOf('@') < 0 && s.indexOf('(') < 0 && s.indexOf('[') < 0 && s.indexOf('{') < 0 && s.indexOf('<') < 0
                && !s.contains(" at ") && !s.contains("アット") && !s.contains("あっと")) {
            return false;
        }
        s = AT_WORD.matcher(s).replaceAll("@");
        s = DOT_WORD.matcher(s).replaceAll(".");
        s = SPOKEN_EMAIL.matcher(s).replaceAll("$1@$2.$3");
        if (s.indexOf('@') < 0) {
            return false;
        }
        Matcher m = EMAIL.matcher(s);
        while (m.find()) {
            String domain = trimDots(m.group(1));
            if (!isDomain(domain)) {
                continue;
            }
            String address = trimDots(m.group().substring(0, m.start(1) - m.start())) + domain;
            if (!isAllowed(address, domain)) {
                return true;
            }
        }
        return false;
    }

    private boolean isAllowed(String address, String domain) {
        if (allowedEmails.contains(address)) {
            return true;
        }
        for (String allowed : allowedDomains) {
            if (domain.equals(allowed) || domain.endsWith("." + allowed)) {
                return true;
            }
        }
        return false;
    }

    private static String trimDots(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '.') {
            start++;
        }
        while (end > start && (s.charAt(end - 1) == '.' || s.charAt(end - 1) == '-')) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean isDomain(String domain) {
        int dot = domain.lastIndexOf('.');
        if (dot <= 0 || domain.contains("..")) {
            return false;
        }
        String tld = domain.substring(dot + 1);
        if (tld.length() < 2) {
            return false;
        }
        for (int i = 0; i < tld.length(); i++) {
            if (tld.charAt(i) < 'a' || tld.charAt(i) > 'z') {
                return false;
            }
        }
        return true;
    }

    static boolean hasPhone(String nfkc) {
        // 090ー1234ー5678: the long-vowel mark typed as a hyphen between digits.
        String s = nfkc.indexOf('ー') >= 0 ? nfkc.replaceAll("(?<=\\d)ー(?=\\d)", "-") : nfkc;
        Matcher m = PHONE_CANDIDATE.matcher(s);
        while (m.find()) {
            if (isPhoneNumber(m.group())) {
                return true;
            }
        }
        return false;
    }

    /** Judges a candidate by its digits and how they are grouped. */
    static boolean isPhoneNumber(String candidate) {
        List<Integer> groups = new ArrayList<>();
        StringBuilder digits = new StringBuilder();
        int run = 0;
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
                run++;
            } else if (run > 0) {
                groups.add(run);
                run = 0;
            }
        }
        if (run > 0) {
            groups.add(run);
        }
        String d = digits.toString();
        if (candidate.startsWith("+")) {
            return d.length() >= 9 && d.length() <= 15 && d.charAt(0) != '0';
        }
        if (d.charAt(0) == '0') {
            if (d.length() == 10) {
                // 03-1234-5678, 06-..., 0120-123-456, 0466-12-3456
                return d.charAt(1) != '0';
            }
            if (d.length() == 11) {
                String prefix = d.substring(0, 3);
                return prefix.equals("090") || prefix.equals("080") || prefix.equals("070") || prefix.equals("050")
                        || prefix.equals("020") || d.startsWith("0800");
            }
            return false;
        }
        // North American numbers only when grouped as such: (415) 555-2671, 415-555-2671, 1-415-555-2671.
        boolean nanp = groups.equals(List.of(3, 3, 4)) || groups.equals(List.of(1, 3, 3, 4)) && d.charAt(0) == '1';
        if (!nanp) {
            return false;
        }
        String national = d.length() == 11 ? d.substring(1) : d;
        return national.charAt(0) >= '2' && national.charAt(3) >= '2';
    }

    /** Lower-case text with hyphens as spaces and runs of white space as one space. */
    private static String wording(String lower) {
        StringBuilder out = new StringBuilder(lower.length());
        boolean space = false;
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            boolean white = Character.isWhitespace(c) || c == '-' || c == '_' || c == '\u3000';
            if (white) {
                if (!space && out.length() > 0) {
                    out.append(' ');
                }
                space = true;
            } else {
                out.append(c);
                space = false;
            }
        }
        return out.toString();
    }

    private static boolean hasChatId(String lower, String wording) {
        for (String marker : CHAT_MARKERS) {
            if (lower.contains(marker) || wording.contains(marker)) {
                return true;
            }
        }
        return LINE_ID.matcher(wording).find() || SIGNAL_ID.matcher(wording).find();
    }

    private static boolean hasDirectDealWording(String wording) {
        for (String phrase : DIRECT_DEAL_ENGLISH) {
            if (containsWords(wording, phrase)) {
                return true;
            }
        }
        String compact = wording.replace(" ", "");
        for (String phrase : DIRECT_DEAL_JAPANESE) {
            for (int at = compact.indexOf(phrase); at >= 0; at = compact.indexOf(phrase, at + 1)) {
                if (!(phrase.startsWith("手数料") && afterBankWord(compact, at))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean afterBankWord(String s, int at) {
        for (String prefix : BANK_FEE_PREFIXES) {
            if (at >= prefix.length() && s.startsWith(prefix, at - prefix.length())) {
                return true;
            }
        }
        return false;
    }

    /** The phrase as whole words: not "payoff platform" for "off platform". */
    private static boolean containsWords(String s, String phrase) {
        for (int at = s.indexOf(phrase); at >= 0; at = s.indexOf(phrase, at + 1)) {
            int end = at + phrase.length();
            boolean startOk = at == 0 || !Character.isLetterOrDigit(s.charAt(at - 1));
            boolean endOk = end == s.length() || !Character.isLetterOrDigit(s.charAt(end));
            if (startOk && endOk) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasCryptoWording(String lower, String wording) {
        for (String phrase : CRYPTO_PHRASES) {
            if (wording.contains(phrase)) {
                return true;
            }
        }
        int start = -1;
        for (int i = 0; i <= lower.length(); i++) {
            char c = i < lower.length() ? lower.charAt(i) : ' ';
            boolean word = c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
            if (word && start < 0) {
                start = i;
            } else if (!word && start >= 0) {
                if (i - start <= 16 && CRYPTO_WORDS.contains(lower.substring(start, i))) {
                    return true;
                }
                start = -1;
            }
        }
        return false;
    }

    /** Checks each run of 26 to 90 letters and digits as a wallet address. */
    private static void wallets(String nfkc, EnumSet<CryptoKind> crypto, EnumSet<CryptoKind> withoutChecksum) {
        boolean checkedEthereum = false;
        int candidates = 0;
        int start = -1;
        for (int i = 0; i <= nfkc.length() && candidates < MAX_WALLET_CANDIDATES; i++) {
            char c = i < nfkc.length() ? nfkc.charAt(i) : ' ';
            boolean alnum = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
            if (alnum && start < 0) {
                start = i;
            } else if (!alnum && start >= 0) {
                int length = i - start;
                if (length >= 26 && length <= 90) {
                    candidates++;
                    switch (WalletAddresses.classify(nfkc.substring(start, i))) {
                        case BITCOIN -> crypto.add(CryptoKind.BITCOIN);
                        case TRON -> crypto.add(CryptoKind.TRON);
                        case ETHEREUM_CHECKSUMMED -> {
                            crypto.add(CryptoKind.ETHEREUM);
                            checkedEthereum = true;
                        }
                        case ETHEREUM_NO_CHECKSUM -> crypto.add(CryptoKind.ETHEREUM);
                        case NONE -> {
                        }
                    }
                }
                start = -1;
            }
        }
        if (crypto.contains(CryptoKind.ETHEREUM) && !checkedEthereum) {
            withoutChecksum.add(CryptoKind.ETHEREUM);
        }
    }

    private static int safeCut(String s, int at) {
        return Character.isHighSurrogate(s.charAt(at - 1)) ? at - 1 : at;
    }

    /** Builds a {@link MessageScanner}. */
    public static final class Builder {

        private int maxTextLength = DEFAULT_MAX_TEXT_LENGTH;
        private final Set<String> allowedEmails = new LinkedHashSet<>();
        private final Set<String> allowedDomains = new LinkedHashSet<>();

        private Builder() {
        }

        /** An e-mail address that never counts, such as the platform's support address (case-insensitive). */
        public Builder allowEmail(String address) {
            String a = normalise(address);
            if (a.indexOf('@') <= 0) {
                throw new IllegalArgumentException("not an e-mail address: " + address);
            }
            allowedEmails.add(a);
            return this;
        }

        /** A domain whose addresses (and its subdomains' addresses) never count, such as the platform's own. */
        public Builder allowEmailDomain(String domain) {
            String d = normalise(domain);
            if (d.startsWith("@")) {
                d = d.substring(1);
            }
            if (!isDomain(d)) {
                throw new IllegalArgumentException("not a domain: " + domain);
            }
            allowedDomains.add(d);
            return this;
        }

        /**
         * Allow-list entries from configuration: each one an address (with {@code @}) or a domain.
         */
        public Builder allow(Iterable<String> entries) {
            for (String e : entries) {
                if (e == null || e.isBlank()) {
                    continue;
                }
                String s = e.strip();
                if (s.indexOf('@') > 0) {
                    allowEmail(s);
                } else {
                    allowEmailDomain(s);
                }
            }
            return this;
        }

        /** Characters read from each message (default {@value #DEFAULT_MAX_TEXT_LENGTH}); the rest is ignored. */
        public Builder maxTextLength(int chars) {
            if (chars < 16 || chars > 1_000_000) {
                throw new IllegalArgumentException("maxTextLength must be between 16 and 1000000: " + chars);
            }
            this.maxTextLength = chars;
            return this;
        }

        /** The scanner. */
        public MessageScanner build() {
            return new MessageScanner(this);
        }

        private static String normalise(String s) {
            if (s == null) {
                throw new IllegalArgumentException("null allow-list entry");
            }
            return Normalizer.normalize(s.strip(), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        }
    }
}
