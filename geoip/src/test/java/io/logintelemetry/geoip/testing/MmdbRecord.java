package io.logintelemetry.geoip.testing;

import java.util.Map;
import java.util.Set;

/**
 * A data record of one of the GeoIP2 database kinds, turned into the map the database stores.
 *
 * <p>Records are snapshotted when added to a {@link DatabaseBuilder}, so changing one afterwards does
 * not change a database already described.
 */
public interface MmdbRecord {

    /** The record as the data section stores it: string keys, values typed as in {@link DataSectionEncoder}. */
    Map<String, Object> toMmdb();

    /** Locales this record has names in, for the metadata's {@code languages}. */
    default Set<String> languages() {
        return Set.of();
    }
}
