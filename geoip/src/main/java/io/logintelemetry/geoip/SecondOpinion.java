package io.logintelemetry.geoip;

import io.logintelemetry.intel.IpInfo;
import io.logintelemetry.net.IpAddress;

/**
 * A costlier source consulted only for addresses worth it (the MaxMind GeoIP2 Insights web service):
 * answers come back asynchronously and are kept, so a later lookup of the same address can use them.
 */
public interface SecondOpinion extends AutoCloseable {

    /** Knows nothing and asks no one. */
    SecondOpinion NONE = new SecondOpinion() {
        @Override
        public IpInfo cached(IpAddress ip) {
            return null;
        }

        @Override
        public void request(IpAddress ip) {
        }
    };

    /** The answer already received for {@code ip}, or null. Never blocks. */
    IpInfo cached(IpAddress ip);

    /** Asks about {@code ip} in the background, within the source's rate limit and budget. Never blocks. */
    void request(IpAddress ip);

    /** Stops background work. */
    @Override
    default void close() {
    }
}
