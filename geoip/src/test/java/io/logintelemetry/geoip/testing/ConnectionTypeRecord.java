package io.logintelemetry.geoip.testing;

import com.maxmind.geoip2.model.ConnectionTypeResponse.ConnectionType;
import java.util.Map;

/**
 * A GeoIP2-Connection-Type record: one string, "Dialup", "Cable/DSL", "Corporate", "Cellular" or
 * "Satellite". Any string is accepted so tests can also store a value the reader does not know.
 */
public record ConnectionTypeRecord(String connectionType) implements MmdbRecord {

    public static ConnectionTypeRecord of(ConnectionType type) {
        // The enum's toString is the database spelling (CABLE_DSL is "Cable/DSL").
        return new ConnectionTypeRecord(type.toString());
    }

    @Override
    public Map<String, Object> toMmdb() {
        return Map.of("connection_type", connectionType);
    }
}
