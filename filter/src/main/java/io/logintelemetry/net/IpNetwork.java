package io.logintelemetry.net;

import java.util.Optional;

/**
 * A CIDR block: an address prefix and its length. Immutable, compares by value, and prints as
 * {@code 203.0.113.0/24} or {@code 2001:db8:1::/48}.
 */
public final class IpNetwork {

    private final IpAddress base;
    private final int prefixLength;

    private IpNetwork(IpAddress base, int prefixLength) {
        this.base = base;
        this.prefixLength = prefixLength;
    }

    /** The network of the given prefix length that contains {@code address}. */
    public static IpNetwork of(IpAddress address, int prefixLength) {
        if (prefixLength < 0 || prefixLength > address.bitLength()) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of range for " + address);
        }
        return new IpNetwork(mask(address, prefixLength), prefixLength);
    }

    /** Parses {@code address/length}, or a bare address as a single-host network. */
    public static Optional<IpNetwork> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.trim();
        int slash = s.indexOf('/');
        Optional<IpAddress> address = IpAddress.parse(slash < 0 ? s : s.substring(0, slash));
        if (address.isEmpty()) {
            return Optional.empty();
        }
        int length = address.get().bitLength();
        if (slash >= 0) {
            String digits = s.substring(slash + 1);
            if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(Character::isDigit)) {
                return Optional.empty();
            }
            length = Integer.parseInt(digits);
            if (length > address.get().bitLength()) {
                return Optional.empty();
            }
        }
        return Optional.of(of(address.get(), length));
    }

    private static IpAddress mask(IpAddress a, int length) {
        if (a.isV4()) {
            long m = length == 0 ? 0 : (0xFFFF_FFFFL << (32 - length)) & 0xFFFF_FFFFL;
            return IpAddress.ofV4((int) (a.low() & m));
        }
        long highMask = length >= 64 ? -1L : length == 0 ? 0 : -1L << (64 - length);
        long lowMask = length <= 64 ? 0 : length == 128 ? -1L : -1L << (128 - length);
        return IpAddress.ofV6(a.high() & highMask, a.low() & lowMask);
    }

    public boolean contains(IpAddress address) {
        // Compares the masked bits in place rather than building the masked address: asked per event.
        if (address.isV4() != base.isV4()) {
            return false;
        }
        if (address.isV4()) {
            long m = prefixLength == 0 ? 0 : (0xFFFF_FFFFL << (32 - prefixLength)) & 0xFFFF_FFFFL;
            return (address.low() & m) == base.low();
        }
        long highMask = prefixLength >= 64 ? -1L : prefixLength == 0 ? 0 : -1L << (64 - prefixLength);
        long lowMask = prefixLength <= 64 ? 0 : prefixLength == 128 ? -1L : -1L << (128 - prefixLength);
        return (address.high() & highMask) == base.high() && (address.low() & lowMask) == base.low();
    }

    public IpAddress base() {
        return base;
    }

    public int prefixLength() {
        return prefixLength;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpNetwork n && n.prefixLength == prefixLength && n.base.equals(base);
    }

    @Override
    public int hashCode() {
        return base.hashCode() * 31 + prefixLength;
    }

    @Override
    public String toString() {
        return base + "/" + prefixLength;
    }
}
