package io.logintelemetry.intel;

import io.logintelemetry.config.ConfigKeys;
import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.net.IpAddress;
import io.logintelemetry.net.IpNetworkSet;
import java.util.EnumSet;
import java.util.Set;

/**
 * Lays the operator's own ranges over whatever IP intelligence says: shared ranges (carrier CGNAT,
 * office NAT) and allow-listed offices and partners are {@link NetworkType#SHARED}, and allow-listed
 * ones are never anonymizers; known-bad ranges are {@link NetworkType#LISTED}. The operator knows
 * their own offices better than any database, so this layer has the last word. Works with no IP
 * intelligence installed at all.
 */
public final class ConfiguredRanges implements IpIntelligence {

    private static final String SOURCE = "configured ranges";

    private final IpIntelligence inner;
    private final IpNetworkSet shared;
    private final IpNetworkSet allowed;
    private final IpNetworkSet bad;

    private ConfiguredRanges(IpIntelligence inner, LoginTelemetryConfig config) {
        this.inner = inner;
        this.shared = config.get(ConfigKeys.NETWORK_SHARED_RANGES);
        this.allowed = config.get(ConfigKeys.NETWORK_ALLOW_RANGES);
        this.bad = config.get(ConfigKeys.NETWORK_BAD_RANGES);
    }

    /** {@code inner} with the configured ranges on top; {@code inner} itself when none are configured. */
    public static IpIntelligence over(IpIntelligence inner, LoginTelemetryConfig config) {
        ConfiguredRanges layered = new ConfiguredRanges(inner, config);
        return layered.shared.isEmpty() && layered.allowed.isEmpty() && layered.bad.isEmpty() ? inner : layered;
    }

    @Override
    public IpInfo lookup(IpAddress ip) {
        IpInfo info = inner.lookup(ip);
        if (info == null) {
            info = IpInfo.UNKNOWN;
        }
        boolean isAllowed = allowed.contains(ip);
        boolean isShared = isAllowed || shared.contains(ip);
        boolean isBad = !isAllowed && bad.contains(ip);
        if (!isShared && !isBad) {
            return info;
        }
        Set<NetworkType> types = info.types().isEmpty() ? EnumSet.noneOf(NetworkType.class) : EnumSet.copyOf(info.types());
        if (isShared) {
            types.add(NetworkType.SHARED);
        }
        if (isAllowed) {
            types.removeAll(EnumSet.of(NetworkType.HOSTING, NetworkType.VPN, NetworkType.TOR, NetworkType.PROXY));
        }
        if (isBad) {
            types.add(NetworkType.LISTED);
        }
        String source = info.source() == null ? SOURCE : info.source() + ", " + SOURCE;
        return new IpInfo(info.country(), info.city(), info.asn(), info.organization(), types, info.latitude(),
                info.longitude(), info.accuracyRadiusKm(), source);
    }

    @Override
    public void secondLook(IpAddress ip) {
        inner.secondLook(ip);
    }

    @Override
    public void close() {
        inner.close();
    }
}
