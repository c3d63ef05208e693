package io.logintelemetry.geoip.testing;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * A network in CIDR notation, as the writer stores it: the address bytes (4 or 16) and a prefix length.
 *
 * <p>Host bits after the prefix must be zero: {@code 203.0.113.5/24} is refused rather than silently
 * widened, since in a test it is almost always a typo. An address without a prefix is a single host.
 * IPv4-mapped IPv6 text ({@code ::ffff:203.0.113.0/120}) is taken as the IPv4 network it maps, because
 * that is where the writer's alias sends such lookups anyway.
 */
record MmdbNetwork(byte[] address, int prefixLength) {

    MmdbNetwork {
        address = address.clone();
        if (address.length != 4 && address.length != 16) {
            throw new IllegalArgumentException("address must have 4 or 16 bytes");
        }
        if (prefixLength < 0 || prefixLength > address.length * 8) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of range");
        }
    }

    static MmdbNetwork parse(String cidr) {
        String text = cidr.strip();
        int slash = text.indexOf('/');
        String host = slash < 0 ? text : text.substring(0, slash);
        if (host.isEmpty() || !(host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || Character.isDigit(c)))) {
            // InetAddress.getByName would resolve a host name through DNS; only literals are wanted here.
            throw new IllegalArgumentException("not an IP address literal: " + cidr);
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + cidr, e);
        }
        byte[] bytes = address.getAddress();
        int prefix;
        if (slash < 0) {
            prefix = bytes.length * 8;
        } else {
            try {
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad prefix length in " + cidr, e);
            }
            if (address instanceof Inet4Address && host.indexOf(':') >= 0) {
                // Java turns ::ffff:a.b.c.d into an Inet4Address; its prefix still counts the 96 mapped bits.
                if (prefix < 96) {
                    throw new IllegalArgumentException(cidr + " is wider than the IPv4-mapped range ::ffff:0:0/96");
                }
                prefix -= 96;
            }
        }
        if (prefix < 0 || prefix > bytes.length * 8) {
            throw new IllegalArgumentException("prefix length out of range in " + cidr);
        }
        MmdbNetwork network = new MmdbNetwork(bytes, prefix);
        for (int bit = prefix; bit < bytes.length * 8; bit++) {
            if (network.bit(bit) != 0) {
                throw new IllegalArgumentException(cidr + " has host bits set after /" + prefix);
            }
        }
        return network;
    }

    @Override
    public byte[] address() {
        return address.clone();
    }

    boolean isV4() {
        return address.length == 4;
    }

    /** Bit {@code index} of the address, counting from the most significant bit of the first byte. */
    int bit(int index) {
        return (address[index >>> 3] >>> (7 - (index & 7))) & 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MmdbNetwork n && prefixLength == n.prefixLength && Arrays.equals(address, n.address);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(address) + prefixLength;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(address).getHostAddress() + "/" + prefixLength;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
