package io.logintelemetry.geoip.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A GeoLite2-ASN record. The number is a uint32 and the organisation a string, as in MaxMind's files;
 * a null organisation leaves the key out, which the reader returns as {@code null}.
 */
public record AsnRecord(long number, String organization) implements MmdbRecord {

    @Override
    public Map<String, Object> toMmdb() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("autonomous_system_number", MmdbValue.uint32(number));
        if (organization != null) {
            map.put("autonomous_system_organization", organization);
        }
        return map;
    }
}
