package io.logintelemetry.intel;

import io.logintelemetry.net.IpAddress;

/**
 * Looks up what is known about an IP address: country, ASN and organisation, network kind,
 * location. The geoip module implements it; without it the engine runs with {@link #NONE}.
 *
 * <p>Called on the request thread: implementations answer from memory (their own cache or an
 * in-memory database) and never block on I/O. Implementations are found
 * through {@link IpIntelligenceProvider}.
 */
public interface IpIntelligence {

    /** Knows nothing; the default when no implementation is installed. */
    IpIntelligence NONE = ip -> IpInfo.UNKNOWN;

    /** What is known about {@code ip}; {@link IpInfo#UNKNOWN} rather than null. */
    IpInfo lookup(IpAddress ip);

    /**
     * An account at medium level or above used {@code ip}: worth a second, costlier look (the
     * MaxMind Insights web service). Called on the request thread: queue the work, never do it here.
     */
    default void secondLook(IpAddress ip) {
    }

    /** Stops background work (file reloads, web service queries). */
    default void close() {
    }
}
