package io.logintelemetry.net;

import java.util.ArrayList;
import java.util.List;

/**
 * An immutable set of CIDR blocks, as configured for trusted proxies or shared networks. Lists here
 * are short (a handful of proxies or office ranges), so a linear scan is faster than any index.
 */
public final class IpNetworkSet {

    private static final IpNetworkSet EMPTY = new IpNetworkSet(List.of());

    private final List<IpNetwork> networks;
    private final IpNetwork[] array;

    private IpNetworkSet(List<IpNetwork> networks) {
        this.networks = List.copyOf(networks);
        this.array = this.networks.toArray(new IpNetwork[0]);
    }

    public static IpNetworkSet empty() {
        return EMPTY;
    }

    public static IpNetworkSet of(List<IpNetwork> networks) {
        return networks.isEmpty() ? EMPTY : new IpNetworkSet(networks);
    }

    /**
     * Parses a comma-separated list of CIDR blocks or addresses.
     *
     * @throws IllegalArgumentException naming the first entry that is not a CIDR block
     */
    public static IpNetworkSet parse(String commaSeparated) {
        List<IpNetwork> result = new ArrayList<>();
        for (String part : commaSeparated.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            result.add(IpNetwork.parse(part).orElseThrow(
                    () -> new IllegalArgumentException("'" + part.trim() + "' is not an IP address or CIDR block")));
        }
        return of(result);
    }

    public boolean contains(IpAddress address) {
        // Indexed over an array: IP intelligence asks on every event, and an iterator is garbage.
        for (IpNetwork n : array) {
            if (n.contains(address)) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return networks.isEmpty();
    }

    public List<IpNetwork> networks() {
        return networks;
    }

    @Override
    public String toString() {
        return networks.toString();
    }
}
