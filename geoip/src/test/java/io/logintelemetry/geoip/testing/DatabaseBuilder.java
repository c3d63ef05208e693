package io.logintelemetry.geoip.testing;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Describes one test database of a given kind; start from {@link TestDatabases}.
 *
 * <p>Defaults match the GeoLite2 downloads: {@code ip_version} 6 (IPv4 networks are mapped in), the
 * kind's usual {@code database_type}, an English description and languages gathered from the records'
 * names. Every setting can be changed, for instance {@link #databaseType(String)} to write a
 * "GeoIP2-City" file or a deliberately wrong type. Records are copied when added, and the file is
 * produced by {@link #toBytes()} or {@link #writeTo(Path)}, as often as wanted.
 *
 * @param <R> the record kind this database holds
 */
public final class DatabaseBuilder<R extends MmdbRecord> {

    private record Entry(String cidr, Map<String, Object> record) {
    }

    private String databaseType;
    private int ipVersion = 6;
    private int recordSize;
    private Instant buildTime = Instant.now();
    private final Set<String> languages = new LinkedHashSet<>(List.of("en"));
    private final Map<String, String> description = new LinkedHashMap<>();
    private final List<Entry> entries = new ArrayList<>();

    DatabaseBuilder(String databaseType) {
        this.databaseType = databaseType;
        description.put("en", "Login Telemetry test database (" + databaseType + "), generated; not real data");
    }

    /** Maps a network (CIDR, or a single address) to a record; the most specific network wins. */
    public DatabaseBuilder<R> add(String cidr, R record) {
        entries.add(new Entry(cidr, record.toMmdb()));
        languages.addAll(record.languages());
        return this;
    }

    /** 4 or 6; an IPv4 database cannot hold IPv6 networks and readers refuse IPv6 lookups in it. */
    public DatabaseBuilder<R> ipVersion(int version) {
        if (version != 4 && version != 6) {
            throw new IllegalArgumentException("ip_version must be 4 or 6: " + version);
        }
        this.ipVersion = version;
        return this;
    }

    /** 24, 28 or 32 bits per record; by default the smallest that fits. */
    public DatabaseBuilder<R> recordSize(int bits) {
        MmdbWriter.ipv4(databaseType).recordSize(bits); // fail here, not when the file is written
        this.recordSize = bits;
        return this;
    }

    public DatabaseBuilder<R> databaseType(String type) {
        this.databaseType = Objects.requireNonNull(type, "type");
        return this;
    }

    public DatabaseBuilder<R> buildTime(Instant time) {
        this.buildTime = Objects.requireNonNull(time, "time");
        return this;
    }

    public DatabaseBuilder<R> description(String language, String text) {
        description.put(language, text);
        return this;
    }

    /** The configured writer, for anything this builder does not cover. */
    public MmdbWriter writer() {
        MmdbWriter writer = MmdbWriter.of(databaseType, ipVersion)
                .recordSize(recordSize)
                .buildTime(buildTime)
                .languages(languages.toArray(String[]::new));
        description.forEach(writer::description);
        for (Entry e : entries) {
            writer.insert(e.cidr(), e.record());
        }
        return writer;
    }

    public byte[] toBytes() {
        return writer().toBytes();
    }

    /** Writes the file atomically (see {@link MmdbWriter#writeTo(Path)}) and returns {@code target}. */
    public Path writeTo(Path target) {
        return writer().writeTo(target);
    }
}
