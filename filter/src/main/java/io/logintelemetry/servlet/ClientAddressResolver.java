package io.logintelemetry.servlet;

import io.logintelemetry.net.IpAddress;
import io.logintelemetry.net.IpNetworkSet;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the client address of a request. The peer address is the truth unless the peer is a
 * configured trusted proxy; only then are {@code Forwarded} (RFC 7239) or {@code X-Forwarded-For}
 * believed, walked from the right, and the first address that is not itself a trusted proxy is the
 * client. Anything left of it was written by the client and may be forged.
 *
 * <p>Malformed or oversized forwarding headers are ignored (the peer address is used) and counted.
 */
final class ClientAddressResolver {

    /** Longest forwarding header we read; a longer one is refused as malformed. */
    static final int MAX_HEADER_LENGTH = 4096;
    /** Most hops we walk. */
    static final int MAX_HOPS = 32;

    private final IpNetworkSet trustedProxies;
    private final Runnable malformed;

    /**
     * @param trustedProxies proxies whose forwarding headers are believed
     * @param malformed      called once for each request whose forwarding header we could not use
     */
    ClientAddressResolver(IpNetworkSet trustedProxies, Runnable malformed) {
        this.trustedProxies = trustedProxies;
        this.malformed = malformed;
    }

    /** Whether {@code peer} is a trusted proxy. */
    boolean isTrusted(IpAddress peer) {
        return peer != null && trustedProxies.contains(peer);
    }

    /**
     * The client address, or null when even the peer address is not an IP literal.
     *
     * @param peerAddress  {@code request.getRemoteAddr()}
     * @param forwarded    all {@code Forwarded} header values
     * @param forwardedFor all {@code X-Forwarded-For} header values
     */
    ClientAddress resolve(String peerAddress, Enumeration<String> forwarded, Enumeration<String> forwardedFor) {
        return resolve(IpAddress.parse(peerAddress).orElse(null), peerAddress, forwarded, forwardedFor);
    }

    /**
     * {@link #resolve(String, Enumeration, Enumeration)} with the peer address already parsed (or
     * null) from {@code peerText}.
     */
    ClientAddress resolve(IpAddress peer, String peerText, Enumeration<String> forwarded, Enumeration<String> forwardedFor) {
        if (peer == null) {
            return null;
        }
        if (!isTrusted(peer)) {
            return new ClientAddress(peer, peerText);
        }
        List<String> hops = forwarded != null && forwarded.hasMoreElements()
                ? forwardedHops(forwarded)
                : forwardedForHops(forwardedFor);
        if (hops == null) {
            malformed.run();
            return new ClientAddress(peer, peerText);
        }
        IpAddress candidate = peer;
        String candidateText = peerText;
        for (int i = hops.size() - 1; i >= 0; i--) {
            Optional<IpAddress> hop = IpAddress.parse(hops.get(i));
            if (hop.isEmpty()) {
                // An unknown or obfuscated hop: we cannot see past it, so the last good one stands.
                malformed.run();
                return new ClientAddress(candidate, candidateText);
            }
            candidate = hop.get();
            candidateText = hops.get(i);
            if (!isTrusted(candidate)) {
                break;
            }
        }
        return new ClientAddress(candidate, candidateText);
    }

    /**
     * A client address, and its text as published to the application: the text it was read from
     * when that is already the address's canonical form, so the usual dotted quad is not formatted
     * anew on every request.
     */
    static final class ClientAddress {
        private final IpAddress ip;
        private final String canonicalText;

        ClientAddress(IpAddress ip, String parsedFrom) {
            this.ip = ip;
            this.canonicalText = isCanonicalV4(ip, parsedFrom) ? parsedFrom : null;
        }

        IpAddress ip() {
            return ip;
        }

        /** The address as {@link IpAddress#toString()} writes it. */
        String text() {
            return canonicalText != null ? canonicalText : ip.toString();
        }

        /**
         * A dotted quad that parsed is canonical as it stands (the parser refuses leading zeros), unless
         * it came with what the parser strips: brackets, surrounding blanks, or an IPv6 form ({@code ::ffff:...}).
         */
        private static boolean isCanonicalV4(IpAddress ip, String text) {
            return ip.isV4() && text != null && !text.isEmpty() && text.charAt(0) > ' '
                    && text.charAt(text.length() - 1) > ' ' && text.indexOf(':') < 0 && text.indexOf('[') < 0;
        }
    }

    /** Hops from X-Forwarded-For, left to right; null if malformed. */
    private static List<String> forwardedForHops(Enumeration<String> headers) {
        List<String> hops = new ArrayList<>();
        int length = 0;
        while (headers != null && headers.hasMoreElements()) {
            String value = headers.nextElement();
            length += value.length();
            if (length > MAX_HEADER_LENGTH) {
                return null;
            }
            // Scanned by hand: this runs on every request behind a proxy, and split() allocates.
            int limit = value.length();
            while (limit > 0 && value.charAt(limit - 1) == ',') {
                limit--; // trailing empty parts are ignored, as String.split would
            }
            int start = limit == 0 && !value.isEmpty() ? 1 : 0;
            while (start <= limit) {
                int comma = value.indexOf(',', start);
                int end = comma < 0 || comma > limit ? limit : comma;
                String hop = stripPort(value.substring(start, end).trim());
                if (hop.isEmpty() || hops.size() == MAX_HOPS) {
                    return null;
                }
                hops.add(hop);
                start = end + 1;
            }
        }
        return hops;
    }

    /** Hops from the {@code for=} parameters of Forwarded, left to right; null if malformed. */
    private static List<String> forwardedHops(Enumeration<String> headers) {
        List<String> hops = new ArrayList<>();
        int length = 0;
        while (headers.hasMoreElements()) {
            String value = headers.nextElement();
            length += value.length();
            if (length > MAX_HEADER_LENGTH) {
                return null;
            }
            for (String element : value.split(",")) {
                String hop = null;
                for (String pair : element.split(";")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0 && pair.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("for")) {
                        hop = stripPort(unquote(pair.substring(eq + 1).trim()));
                    }
                }
                if (hop == null || hop.isEmpty() || hops.size() == MAX_HOPS) {
                    return null;
                }
                hops.add(hop);
            }
        }
        return hops;
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    /** "192.0.2.1:4711" -> "192.0.2.1"; "[2001:db8::1]:4711" -> "[2001:db8::1]"; bare IPv6 untouched. */
    private static String stripPort(String hop) {
        if (hop.startsWith("[")) {
            int close = hop.indexOf(']');
            return close > 0 ? hop.substring(0, close + 1) : hop;
        }
        int colon = hop.indexOf(':');
        return colon > 0 && colon == hop.lastIndexOf(':') ? hop.substring(0, colon) : hop;
    }
}
