package io.logintelemetry.export.pseudonym;

import io.logintelemetry.event.KeyedHash;
import io.logintelemetry.flag.Evidence;
import io.logintelemetry.flag.Flag;
import io.logintelemetry.net.IpAddress;
import io.logintelemetry.net.IpNetwork;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces account ids and IP addresses by keyed pseudonyms (HMAC-SHA256), everywhere they appear
 * in a flag: the account and ip fields, the summary sentence and the evidence (addresses, networks,
 * linked accounts). The same key gives the same pseudonym in every sink and every run, so an analyst
 * can still join flags of one account or address, while the values themselves never leave the app.
 *
 * <p>Pseudonyms look like {@code acct_<32 hex>} and {@code ip_<32 hex>} (128 bits of the HMAC); the
 * kind is part of the HMAC input, so an account named like an address never shares its pseudonym.
 * With truncation, an IPv4 address is cut to its /24 and an IPv6 address to its /48 first, so all
 * addresses of one network share one pseudonym, and a network in the evidence gets the same one.
 *
 * <p>Thread-safe.
 */
public final class Pseudonymiser {

    /** Leaves flags as they are. */
    public static final Pseudonymiser NONE = new Pseudonymiser();

    /** Candidates for addresses inside free text; each is confirmed by {@link IpNetwork#parse}. */
    // An address ends a sentence ("from 203.0.113.7.") or carries a port ("203.0.113.7:443"): a
    // dot or colon after it only continues the token when a letter or digit follows the dot, or
    // (IPv6) when anything hex follows the colon.
    private static final Pattern IP_LIKE = Pattern.compile("(?<![0-9A-Za-z.:])(?:"
            + "\\d{1,3}(?:\\.\\d{1,3}){3}(?:/\\d{1,2})?(?![0-9A-Za-z]|\\.[0-9A-Za-z])"
            + "|[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:\\d{1,3}(?:\\.\\d{1,3}){3})?(?:/\\d{1,3})?"
            + "(?![0-9A-Za-z:]|\\.[0-9A-Za-z]))");

    private final KeyedHash key;
    private final boolean truncate;

    private Pseudonymiser() {
        this.key = null;
        this.truncate = false;
    }

    /**
     * @param key          the HMAC key
     * @param truncateIps  cut IPs to /24 (IPv4) or /48 (IPv6) before pseudonymising
     */
    public Pseudonymiser(byte[] key, boolean truncateIps) {
        this.key = new KeyedHash(key);
        this.truncate = truncateIps;
    }

    public boolean enabled() {
        return key != null;
    }

    /** The pseudonym of an account id. */
    public String account(String account) {
        return "acct_" + hmac("account:" + account);
    }

    /**
     * The pseudonym of an address or network (text as in flags: {@code 203.0.113.7},
     * {@code 203.0.113.0/24}); something that is no address is treated as an opaque value.
     */
    public String ip(String text) {
        return "ip_" + hmac("ip:" + canonicalIp(text));
    }

    private String canonicalIp(String text) {
        Optional<IpNetwork> parsed = IpNetwork.parse(text);
        if (parsed.isEmpty()) {
            return text;
        }
        IpNetwork network = parsed.get();
        boolean bare = text.indexOf('/') < 0;
        if (truncate) {
            int cut = network.base().isV4() ? 24 : 48;
            if (network.prefixLength() >= cut) {
                return IpNetwork.of(network.base(), cut).toString();
            }
            return network.toString();
        }
        return bare ? network.base().toString() : network.toString();
    }

    private String hmac(String value) {
        byte[] digest = key.digest(value);
        return HexFormat.of().formatHex(digest, 0, 16);
    }

    /** The flag with every account id and address replaced; the flag itself when disabled. */
    public Flag apply(Flag flag) {
        if (!enabled()) {
            return flag;
        }
        // Known values and their pseudonyms, to find them again inside free text.
        Map<String, String> known = new LinkedHashMap<>();
        String account = account(flag.account());
        known.put(flag.account(), account);
        String ip = null;
        if (flag.ip() != null) {
            ip = ip(flag.ip());
            known.put(flag.ip(), ip);
        }
        // Every account and address the detector declared (typed entries, names inside link texts
        // and the summary) gets its pseudonym up front, so free text is mapped with the same table.
        for (Map.Entry<String, Evidence.Kind> n : flag.evidence().named().entrySet()) {
            known.putIfAbsent(n.getKey(), n.getValue() == Evidence.Kind.ACCOUNT ? account(n.getKey()) : ip(n.getKey()));
        }
        Evidence.Builder evidence = Evidence.builder();
        for (Map.Entry<String, Object> e : flag.evidence().values().entrySet()) {
            String name = e.getKey();
            Object value = e.getValue();
            Optional<Evidence.Kind> kind = flag.evidence().kind(name);
            // Untyped evidence (a detector of the host's own) falls back to the entry's name.
            boolean accounts = kind.map(k -> k == Evidence.Kind.ACCOUNT).orElse(name.contains("account"));
            if (value instanceof List<?> list) {
                List<String> items = new ArrayList<>(list.size());
                for (Object item : list) {
                    items.add(value(String.valueOf(item), accounts, known));
                }
                // Keep the original total: list() would recount the (already cut) items.
                Object total = flag.evidence().get(name + "_total");
                evidence.list(name, items);
                if (total instanceof Long n) {
                    evidence.put(name + "_total", n);
                }
            } else if (value instanceof String s) {
                evidence.put(name, value(s, accounts, known));
            } else if (value instanceof Long n) {
                if (!name.endsWith("_total") || flag.evidence().get(name.substring(0, name.length() - 6)) == null) {
                    evidence.put(name, n);
                }
            } else if (value instanceof Number n) {
                evidence.put(name, n.doubleValue());
            } else if (value instanceof Boolean b) {
                evidence.put(name, b);
            }
        }
        String summary = replaceInText(flag.summary(), known);
        return new Flag(flag.id(), flag.signal(), flag.severity(), flag.timestamp(), account, ip, flag.session(),
                flag.device(), summary, evidence.build(), flag.action(), flag.node());
    }

    private String value(String s, boolean accountList, Map<String, String> known) {
        if (accountList) {
            String p = account(s);
            known.putIfAbsent(s, p);
            return p;
        }
        if (IpNetwork.parse(s).isPresent()) {
            String p = ip(s);
            known.putIfAbsent(s, p);
            return p;
        }
        return replaceInText(s, known);
    }

    /**
     * Replaces known values (as whole words, longest first) and anything shaped like an address in
     * free text. Whole words only: an account named {@code a} must not turn every "a" of the
     * sentence into a pseudonym.
     */
    private String replaceInText(String text, Map<String, String> known) {
        String out = text;
        List<Map.Entry<String, String>> byLength = new ArrayList<>(known.entrySet());
        byLength.sort((a, b) -> Integer.compare(b.getKey().length(), a.getKey().length()));
        for (Map.Entry<String, String> e : byLength) {
            if (e.getKey().isEmpty()) {
                continue;
            }
            out = replaceWord(out, e.getKey(), e.getValue());
        }
        Matcher m = IP_LIKE.matcher(out);
        StringBuilder b = new StringBuilder(out.length());
        while (m.find()) {
            String candidate = m.group();
            m.appendReplacement(b, Matcher.quoteReplacement(IpNetwork.parse(candidate).isPresent() ? ip(candidate) : candidate));
        }
        m.appendTail(b);
        return b.toString();
    }

    private static String replaceWord(String text, String word, String replacement) {
        StringBuilder b = null;
        int copied = 0;
        int from = 0;
        int at;
        while ((at = text.indexOf(word, from)) >= 0) {
            int end = at + word.length();
            boolean start = at == 0 || !Character.isLetterOrDigit(text.charAt(at - 1));
            boolean stop = end == text.length() || !Character.isLetterOrDigit(text.charAt(end));
            if (start && stop) {
                if (b == null) {
                    b = new StringBuilder(text.length() + 32);
                }
                b.append(text, copied, at).append(replacement);
                copied = end;
                from = end;
            } else {
                from = at + 1;
            }
        }
        if (b == null) {
            return text;
        }
        return b.append(text, copied, text.length()).toString();
    }

    @Override
    public String toString() {
        return enabled() ? "Pseudonymiser[HMAC-SHA256, key hidden, truncateIps=" + truncate + "]" : "Pseudonymiser[off]";
    }
}
