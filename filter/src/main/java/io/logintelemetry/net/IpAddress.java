package io.logintelemetry.net;

import java.util.Locale;
import java.util.Optional;

/**
 * An IPv4 or IPv6 address parsed from its textual form, without any name lookup.
 *
 * <p>{@link java.net.InetAddress#getByName} would resolve anything that is not a literal through
 * DNS; a header value must never cause network I/O on the request thread, so we parse literals
 * ourselves. IPv4-mapped IPv6 addresses ({@code ::ffff:192.0.2.1}) are treated as the IPv4 address
 * they carry. Instances are immutable and compare by value.
 */
public final class IpAddress implements Comparable<IpAddress> {

    private static final int MAX_TEXT_LENGTH = 64;

    private final long high;
    private final long low;
    private final boolean v4;

    private IpAddress(long high, long low, boolean v4) {
        this.high = high;
        this.low = low;
        this.v4 = v4;
    }

    /** An IPv4 address from its 32 bits. */
    public static IpAddress ofV4(int bits) {
        return new IpAddress(0, bits & 0xFFFF_FFFFL, true);
    }

    /** An IPv6 address from its upper and lower 64 bits. */
    public static IpAddress ofV6(long high, long low) {
        if (high == 0 && (low >>> 32) == 0xFFFFL) {
            return ofV4((int) low);
        }
        return new IpAddress(high, low, false);
    }

    /**
     * Parses an IPv4 dotted quad or an IPv6 literal (with optional brackets and zone id, which is
     * dropped). Returns empty for anything else, including host names.
     */
    public static Optional<IpAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.trim();
        if (s.isEmpty() || s.length() > MAX_TEXT_LENGTH) {
            return Optional.empty();
        }
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        int zone = s.indexOf('%');
        if (s.indexOf(':') >= 0) {
            // A zone id (fe80::1%eth0) names a local interface; only IPv6 has one.
            return parseV6(zone >= 0 ? s.substring(0, zone) : s);
        }
        if (zone >= 0) {
            return Optional.empty();
        }
        int v4 = parseV4(s);
        return v4 == -1 && !"255.255.255.255".equals(s) ? Optional.empty() : Optional.of(ofV4(v4));
    }

    /**
     * Returns the 32 bits of a dotted quad, or -1 when it is not one (check 255.255.255.255 apart).
     * Strict on purpose: ASCII digits only, no leading zeros, so a text it accepts is already the
     * canonical form {@link #toString()} writes (the servlet glue publishes such a text as it came).
     */
    private static int parseV4(String s) {
        int result = 0;
        int part = 0;
        int digits = 0;
        int parts = 0;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : '.';
            if (c == '.') {
                if (digits == 0 || parts == 4) {
                    return -1;
                }
                result = (result << 8) | part;
                parts++;
                part = 0;
                digits = 0;
            } else if (c >= '0' && c <= '9') {
                // A leading zero is refused: "010" is octal to some parsers and decimal to others.
                if (digits > 0 && part == 0) {
                    return -1;
                }
                part = part * 10 + (c - '0');
                digits++;
                if (part > 255) {
                    return -1;
                }
            } else {
                return -1;
            }
        }
        return parts == 4 ? result : -1;
    }

    private static Optional<IpAddress> parseV6(String s) {
        int[] groups = new int[8];
        int count = 0;
        int gapAt = -1;
        int i = 0;
        int n = s.length();
        if (s.startsWith("::")) {
            gapAt = 0;
            i = 2;
            if (n == 2) {
                return Optional.of(ofV6(0, 0));
            }
        } else if (s.startsWith(":")) {
            return Optional.empty();
        }
        while (i < n) {
            int end = s.indexOf(':', i);
            String group = end < 0 ? s.substring(i) : s.substring(i, end);
            if (group.indexOf('.') >= 0) {
                // Embedded IPv4 tail, as in ::ffff:192.0.2.1 or 64:ff9b::192.0.2.1.
                if (end >= 0 || count > 6) {
                    return Optional.empty();
                }
                int v4 = parseV4(group);
                if (v4 == -1 && !"255.255.255.255".equals(group)) {
                    return Optional.empty();
                }
                groups[count++] = (v4 >>> 16) & 0xFFFF;
                groups[count++] = v4 & 0xFFFF;
                i = n;
                break;
            }
            if (group.isEmpty() || group.length() > 4 || count == 8) {
                return Optional.empty();
            }
            int value = 0;
            for (int k = 0; k < group.length(); k++) {
                // ASCII only: Character.digit would also read fullwidth and other Unicode digits.
                char c = group.charAt(k);
                int d = c >= '0' && c <= '9' ? c - '0'
                        : c >= 'a' && c <= 'f' ? c - 'a' + 10
                        : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                if (d < 0) {
                    return Optional.empty();
                }
                value = (value << 4) | d;
            }
            groups[count++] = value;
            if (end < 0) {
                i = n;
            } else if (end + 1 < n && s.charAt(end + 1) == ':') {
                if (gapAt >= 0) {
                    return Optional.empty();
                }
                gapAt = count;
                i = end + 2;
            } else if (end + 1 == n) {
                return Optional.empty();
            } else {
                i = end + 1;
            }
        }
        if (gapAt < 0 && count != 8 || gapAt >= 0 && count > 7) {
            return Optional.empty();
        }
        int[] full = new int[8];
        if (gapAt < 0) {
            full = groups;
        } else {
            int tail = count - gapAt;
            System.arraycopy(groups, 0, full, 0, gapAt);
            System.arraycopy(groups, gapAt, full, 8 - tail, tail);
        }
        long high = 0;
        long low = 0;
        for (int k = 0; k < 4; k++) {
            high = (high << 16) | full[k];
            low = (low << 16) | full[k + 4];
        }
        return Optional.of(ofV6(high, low));
    }

    public boolean isV4() {
        return v4;
    }

    /** The upper 64 bits (always 0 for IPv4). */
    public long high() {
        return high;
    }

    /** The lower 64 bits; for IPv4 the address in the lowest 32 bits. */
    public long low() {
        return low;
    }

    /** Address length in bits: 32 or 128. */
    public int bitLength() {
        return v4 ? 32 : 128;
    }

    /**
     * The network this address is counted in for churn: its IPv4 /24 or IPv6 /64, the blocks an
     * ordinary home or office connection keeps while its host part changes.
     */
    public IpNetwork churnNetwork() {
        return IpNetwork.of(this, churnNetworkPrefixLength());
    }

    /** The prefix length of {@link #churnNetwork()}: 24 for IPv4, 64 for IPv6. */
    public int churnNetworkPrefixLength() {
        return v4 ? 24 : 64;
    }

    @Override
    public int compareTo(IpAddress o) {
        if (v4 != o.v4) {
            return v4 ? -1 : 1;
        }
        int c = Long.compareUnsigned(high, o.high);
        return c != 0 ? c : Long.compareUnsigned(low, o.low);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpAddress other && other.high == high && other.low == low && other.v4 == v4;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(high * 31 + low) ^ (v4 ? 1 : 0);
    }

    /** Canonical text: dotted quad, or RFC 5952 IPv6 (lower case, longest zero run compressed). */
    @Override
    public String toString() {
        if (v4) {
            return ((low >>> 24) & 0xFF) + "." + ((low >>> 16) & 0xFF) + "." + ((low >>> 8) & 0xFF) + "." + (low & 0xFF);
        }
        int[] g = new int[8];
        for (int k = 0; k < 4; k++) {
            g[k] = (int) ((high >>> (48 - 16 * k)) & 0xFFFF);
            g[k + 4] = (int) ((low >>> (48 - 16 * k)) & 0xFFFF);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int k = 0; k < 8; ) {
            if (g[k] != 0) {
                k++;
                continue;
            }
            int start = k;
            while (k < 8 && g[k] == 0) {
                k++;
            }
            if (k - start > bestLen) {
                bestStart = start;
                bestLen = k - start;
            }
        }
        StringBuilder b = new StringBuilder(39);
        for (int k = 0; k < 8; k++) {
            if (k == bestStart) {
                b.append("::");
                k += bestLen - 1;
                continue;
            }
            if (b.length() > 0 && b.charAt(b.length() - 1) != ':') {
                b.append(':');
            }
            b.append(Integer.toHexString(g[k]).toLowerCase(Locale.ROOT));
        }
        return b.toString();
    }

    /**
     * The same address as an {@link java.net.InetAddress}, built from its bytes: never a name lookup
     * (unlike {@code InetAddress.getByName}).
     */
    public java.net.InetAddress toInetAddress() {
        byte[] bytes = new byte[v4 ? 4 : 16];
        if (v4) {
            putBytes(bytes, 0, low, 4);
        } else {
            putBytes(bytes, 0, high, 8);
            putBytes(bytes, 8, low, 8);
        }
        try {
            return java.net.InetAddress.getByAddress(bytes);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }

    private static void putBytes(byte[] into, int at, long value, int count) {
        for (int k = 0; k < count; k++) {
            into[at + k] = (byte) (value >>> (8 * (count - 1 - k)));
        }
    }
}
