package io.logintelemetry.geoip.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Writes MaxMind DB files (format version 2.0, https://maxmind.github.io/MaxMind-DB/) for tests: no
 * library on Maven Central writes them, and committing binary databases is not wanted.
 *
 * <p>A file is the search tree, sixteen zero bytes, the data section, then the marker
 * {@code "\xAB\xCD\xEFMaxMind.com"} and the metadata map. Readers find the metadata by searching for
 * the last marker in the file, so the marker must never be followed by anything but the metadata.
 *
 * <pre>{@code
 * byte[] file = MmdbWriter.ipv6("GeoLite2-ASN")
 *         .insert("203.0.113.0/24", Map.of("autonomous_system_number", MmdbValue.uint32(64500)))
 *         .toBytes();
 * }</pre>
 *
 * <p>Networks are given in CIDR notation; values are {@code Map<String, ?>} records built from the
 * types described in {@link DataSectionEncoder}. See {@link SearchTree} for the rules on overlapping
 * networks (most specific wins) and on IPv4 data in an IPv6 database (under {@code ::/96}, with
 * {@code ::ffff:0:0/96} aliased to it). The record size defaults to the smallest of 24, 28 and 32 bits
 * that can address every node and data record. A writer can be reused: each call to {@link #toBytes()}
 * builds the file from the networks inserted so far.
 */
public final class MmdbWriter {

    private static final byte[] METADATA_MARKER = {
        (byte) 0xAB, (byte) 0xCD, (byte) 0xEF, 'M', 'a', 'x', 'M', 'i', 'n', 'd', '.', 'c', 'o', 'm'};
    private static final int DATA_SECTION_SEPARATOR_BYTES = 16;

    private final String databaseType;
    private final int ipVersion;
    private int recordSize;
    private Instant buildTime = Instant.now();
    private final Set<String> languages = new LinkedHashSet<>();
    private final Map<String, String> description = new LinkedHashMap<>();
    private final Map<MmdbNetwork, Object> networks = new LinkedHashMap<>();

    private MmdbWriter(String databaseType, int ipVersion) {
        this.databaseType = Objects.requireNonNull(databaseType, "databaseType");
        this.ipVersion = ipVersion;
    }

    /** An {@code ip_version} 6 database: IPv6 networks, and IPv4 networks mapped into it. */
    public static MmdbWriter ipv6(String databaseType) {
        return new MmdbWriter(databaseType, 6);
    }

    /** An {@code ip_version} 4 database: IPv4 networks only; readers refuse IPv6 lookups in it. */
    public static MmdbWriter ipv4(String databaseType) {
        return new MmdbWriter(databaseType, 4);
    }

    public static MmdbWriter of(String databaseType, int ipVersion) {
        if (ipVersion != 4 && ipVersion != 6) {
            throw new IllegalArgumentException("ip_version must be 4 or 6: " + ipVersion);
        }
        return new MmdbWriter(databaseType, ipVersion);
    }

    /** 24, 28 or 32; 0 (the default) picks the smallest that fits. */
    public MmdbWriter recordSize(int bits) {
        if (bits != 0 && bits != 24 && bits != 28 && bits != 32) {
            throw new IllegalArgumentException("record size must be 24, 28 or 32: " + bits);
        }
        this.recordSize = bits;
        return this;
    }

    /** Stored as {@code build_epoch}, whole seconds; defaults to the time the writer was created. */
    public MmdbWriter buildTime(Instant time) {
        this.buildTime = Objects.requireNonNull(time, "time");
        return this;
    }

    public MmdbWriter languages(String... locales) {
        languages.addAll(List.of(locales));
        return this;
    }

    public MmdbWriter description(String language, String text) {
        description.put(language, text);
        return this;
    }

    /** Maps a network to a record; the same network twice is refused, overlapping ones are not. */
    public MmdbWriter insert(String cidr, Object record) {
        Objects.requireNonNull(record, "record");
        MmdbNetwork network = MmdbNetwork.parse(cidr);
        if (ipVersion == 4 && !network.isV4()) {
            throw new IllegalArgumentException("IPv6 network " + cidr + " in an IPv4 database");
        }
        if (networks.putIfAbsent(network, record) != null) {
            throw new IllegalArgumentException("network " + network + " inserted twice");
        }
        return this;
    }

    public String databaseType() {
        return databaseType;
    }

    public int ipVersion() {
        return ipVersion;
    }

    /** The complete file. */
    public byte[] toBytes() {
        SearchTree tree = new SearchTree(ipVersion);
        networks.forEach(tree::insert);
        tree.aliasIpv4Mapped();
        SearchTree.Layout layout = tree.layout();

        DataSectionEncoder data = new DataSectionEncoder(true);
        Map<SearchTree.Leaf, Integer> offsets = new LinkedHashMap<>();
        for (SearchTree.Leaf leaf : layout.leaves()) {
            offsets.computeIfAbsent(leaf, l -> data.offsetOf(l.value()));
        }
        int size = recordSize != 0 ? recordSize : smallestRecordSize(layout.nodeCount(), data.size());
        byte[] treeBytes = layout.toBytes(size, offsets::get);

        ByteArrayOutputStream file = new ByteArrayOutputStream(treeBytes.length + data.size() + 512);
        file.writeBytes(treeBytes);
        file.writeBytes(new byte[DATA_SECTION_SEPARATOR_BYTES]);
        file.writeBytes(data.toByteArray());
        file.writeBytes(METADATA_MARKER);
        file.writeBytes(metadata(layout.nodeCount(), size));
        return file.toByteArray();
    }

    /**
     * Writes the file next to {@code target} and moves it into place, so a process watching
     * {@code target} never sees half a database. To simulate such a half-written file, write
     * {@link #toBytes()} yourself or use {@link DamagedDatabases#truncated}.
     */
    public Path writeTo(Path target) {
        try {
            Path dir = target.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp");
            Files.write(tmp, toBytes());
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    /** Node count, separator and data size bound the largest record value (see SearchTree.Layout). */
    private static int smallestRecordSize(int nodeCount, int dataSize) {
        long largest = (long) nodeCount + DATA_SECTION_SEPARATOR_BYTES + dataSize;
        for (int bits : new int[] {24, 28, 32}) {
            if (largest < (1L << bits)) {
                return bits;
            }
        }
        throw new IllegalStateException("database too large for 32-bit records");
    }

    /** The keys and types the spec lists; integer widths matter to strict readers such as libmaxminddb. */
    private byte[] metadata(int nodeCount, int size) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("binary_format_major_version", MmdbValue.uint16(2));
        meta.put("binary_format_minor_version", MmdbValue.uint16(0));
        meta.put("build_epoch", MmdbValue.uint64(BigInteger.valueOf(buildTime.getEpochSecond())));
        meta.put("database_type", databaseType);
        meta.put("description", new LinkedHashMap<>(description));
        meta.put("ip_version", MmdbValue.uint16(ipVersion));
        meta.put("languages", new ArrayList<>(languages));
        meta.put("node_count", MmdbValue.uint32(nodeCount));
        meta.put("record_size", MmdbValue.uint16(size));
        // Pointers in metadata would be relative to the metadata start; plain values avoid the question.
        DataSectionEncoder encoder = new DataSectionEncoder(false);
        encoder.write(meta);
        return encoder.toByteArray();
    }

    @Override
    public String toString() {
        return "MmdbWriter[" + databaseType + ", ip_version " + ipVersion + ", " + networks.size() + " networks]";
    }

    static byte[] metadataMarker() {
        return METADATA_MARKER.clone();
    }
}
