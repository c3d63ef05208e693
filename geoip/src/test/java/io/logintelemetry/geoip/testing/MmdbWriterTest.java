package io.logintelemetry.geoip.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.maxmind.db.DatabaseRecord;
import com.maxmind.db.Reader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The writer's format details, read back through the low-level maxmind-db reader. */
class MmdbWriterTest {

    private static Reader read(MmdbWriter writer) throws IOException {
        return new Reader(new ByteArrayInputStream(writer.toBytes()));
    }

    private static Map<String, Object> lookup(Reader reader, String address) throws IOException {
        return lookup(reader, InetAddress.getByName(address));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> lookup(Reader reader, InetAddress address) throws IOException {
        return reader.get(address, Map.class);
    }

    @Test
    void everyDataTypeRoundTrips() throws IOException {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("string", "héllo wörld ✓");
        record.put("empty_string", "");
        record.put("double", -77.4875);
        record.put("float", MmdbValue.float32(1.5f));
        record.put("true", true);
        record.put("false", false);
        record.put("uint16", MmdbValue.uint16(65_535));
        record.put("uint32", MmdbValue.uint32(4_294_967_295L));
        record.put("uint32_zero", MmdbValue.uint32(0));
        record.put("uint64", MmdbValue.uint64(new BigInteger("18446744073709551615")));
        record.put("uint128", MmdbValue.uint128(BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE)));
        record.put("int32_negative", MmdbValue.int32(-123_456));
        record.put("int32_positive", MmdbValue.int32(70_000));
        record.put("bytes", MmdbValue.bytes(new byte[] {0, 1, 2, (byte) 0xFF}));
        record.put("array", List.of("a", MmdbValue.uint16(7), List.of(true)));
        record.put("map", Map.of("nested", Map.of("deeper", "yes")));
        try (Reader reader = read(MmdbWriter.ipv6("Test-Types").insert("192.0.2.0/24", record))) {
            Map<String, Object> back = lookup(reader, "192.0.2.1");
            assertThat(back.get("string")).isEqualTo("héllo wörld ✓");
            assertThat(back.get("empty_string")).isEqualTo("");
            assertThat(back.get("double")).isEqualTo(-77.4875);
            assertThat(back.get("float")).isEqualTo(1.5f);
            assertThat(back.get("true")).isEqualTo(true);
            assertThat(back.get("false")).isEqualTo(false);
            assertThat(((Number) back.get("uint16")).longValue()).isEqualTo(65_535);
            assertThat(((Number) back.get("uint32")).longValue()).isEqualTo(4_294_967_295L);
            assertThat(((Number) back.get("uint32_zero")).longValue()).isZero();
            assertThat(back.get("uint64")).isEqualTo(new BigInteger("18446744073709551615"));
            assertThat(back.get("uint128")).isEqualTo(BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE));
            assertThat(back.get("int32_negative")).isEqualTo(-123_456);
            assertThat(back.get("int32_positive")).isEqualTo(70_000);
            assertThat((byte[]) back.get("bytes")).containsExactly(0, 1, 2, 0xFF);
            List<?> array = (List<?>) back.get("array");
            assertThat(array).hasSize(3);
            assertThat(array.get(0)).isEqualTo("a");
            assertThat(((Number) array.get(1)).intValue()).isEqualTo(7);
            assertThat(array.get(2)).isEqualTo(List.of(true));
            assertThat(back.get("map")).isEqualTo(Map.of("nested", Map.of("deeper", "yes")));
        }
    }

    @ParameterizedTest(name = "string of {0} bytes")
    @CsvSource({"28", "29", "284", "285", "286", "65820", "65821", "65822", "100000"})
    void everySizeEncodingRoundTrips(int length) throws IOException {
        // Sizes switch from the control byte to one, two and three extra bytes at 29, 285 and 65,821.
        String text = "x".repeat(length);
        List<Object> array = new ArrayList<>();
        for (int i = 0; i < Math.min(length, 300); i++) {
            array.add(MmdbValue.uint16(i));
        }
        Map<String, Object> record = Map.of("text", text, "array", array);
        try (Reader reader = read(MmdbWriter.ipv4("Test-Sizes").insert("192.0.2.0/24", record))) {
            Map<String, Object> back = lookup(reader, "192.0.2.1");
            assertThat((String) back.get("text")).hasSize(length);
            assertThat((List<?>) back.get("array")).hasSize(array.size());
        }
    }

    @Test
    void repeatedStringsAndRecordsAreStoredOnce() throws IOException {
        MmdbWriter writer = MmdbWriter.ipv4("Test-Dedup");
        String organisation = "A fairly long organisation name that would add up quickly";
        for (int i = 0; i < 200; i++) {
            // Alternating records: two distinct values, each shared by a hundred networks.
            writer.insert("10.0." + i + ".0/24", Map.of("org", organisation, "n", MmdbValue.uint16(i % 2)));
        }
        byte[] file = writer.toBytes();
        assertThat(new String(file, java.nio.charset.StandardCharsets.ISO_8859_1).split(organisation, -1)).hasSize(2);
        try (Reader reader = new Reader(new ByteArrayInputStream(file))) {
            Map<String, Object> back = lookup(reader, "10.0.199.9");
            assertThat(back.get("org")).isEqualTo(organisation);
            assertThat(((Number) back.get("n")).intValue()).isEqualTo(1);
        }
    }

    @Test
    void theMostSpecificNetworkWinsWhateverTheOrder() throws IOException {
        MmdbWriter wideFirst = MmdbWriter.ipv6("Test-Overlap")
                .insert("10.0.0.0/8", Map.of("n", "wide"))
                .insert("10.1.0.0/16", Map.of("n", "middle"))
                .insert("10.1.2.0/24", Map.of("n", "narrow"));
        MmdbWriter narrowFirst = MmdbWriter.ipv6("Test-Overlap")
                .insert("10.1.2.0/24", Map.of("n", "narrow"))
                .insert("10.0.0.0/8", Map.of("n", "wide"))
                .insert("10.1.0.0/16", Map.of("n", "middle"));
        for (MmdbWriter writer : List.of(wideFirst, narrowFirst)) {
            try (Reader reader = read(writer)) {
                assertThat(lookup(reader, "10.200.0.1")).containsEntry("n", "wide");
                assertThat(lookup(reader, "10.1.3.1")).containsEntry("n", "middle");
                assertThat(lookup(reader, "10.1.2.255")).containsEntry("n", "narrow");
                DatabaseRecord<?> rec = reader.getRecord(InetAddress.getByName("10.1.3.1"), Map.class);
                assertThat(rec.network().toString()).isEqualTo("10.1.3.0/24");
                assertThat(lookup(reader, "11.0.0.0")).isNull();
            }
        }
    }

    @Test
    void theWholeAddressSpaceCanBeOneNetwork() throws IOException {
        try (Reader reader = read(MmdbWriter.ipv4("Test-All").insert("0.0.0.0/0", Map.of("n", "all"))
                .insert("192.0.2.0/24", Map.of("n", "doc")))) {
            assertThat(lookup(reader, "1.2.3.4")).containsEntry("n", "all");
            assertThat(lookup(reader, "255.255.255.255")).containsEntry("n", "all");
            assertThat(lookup(reader, "192.0.2.200")).containsEntry("n", "doc");
        }
    }

    @Test
    void ipv4MappedIpv6AddressesFindTheIpv4Data() throws IOException {
        try (Reader reader = read(MmdbWriter.ipv6("Test-Alias")
                .insert("203.0.113.0/24", Map.of("n", "v4"))
                .insert("::/0", Map.of("n", "everything else")))) {
            // InetAddress.getByName would turn ::ffff:a.b.c.d into an Inet4Address; build a real IPv6 one.
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xFF;
            mapped[11] = (byte) 0xFF;
            System.arraycopy(InetAddress.getByName("203.0.113.5").getAddress(), 0, mapped, 12, 4);
            InetAddress v6 = Inet6Address.getByAddress(null, mapped, -1);
            assertThat(v6).isInstanceOf(Inet6Address.class);
            assertThat(lookup(reader, v6)).isEqualTo(Map.of("n", "v4"));
            assertThat(lookup(reader, "203.0.113.5")).containsEntry("n", "v4");
            // The ::/96 form reaches the same data, and IPv4 outside the /24 falls back to ::/0.
            assertThat(lookup(reader, "::203.0.113.5")).containsEntry("n", "v4");
            assertThat(lookup(reader, "198.51.100.1")).containsEntry("n", "everything else");
            assertThat(lookup(reader, "2001:db8::1")).containsEntry("n", "everything else");
        }
    }

    @ParameterizedTest(name = "record size {0}")
    @CsvSource({"24", "28", "32"})
    void recordSizesWork(int recordSize) throws IOException {
        MmdbWriter writer = MmdbWriter.ipv6("Test-RecordSize").recordSize(recordSize);
        for (int i = 0; i < 64; i++) {
            writer.insert("2001:db8:" + Integer.toHexString(i) + "::/48", Map.of("i", MmdbValue.uint16(i)));
            writer.insert("198.51." + i + ".0/24", Map.of("i", MmdbValue.uint16(1000 + i)));
        }
        try (Reader reader = read(writer)) {
            assertThat(reader.getMetadata().recordSize()).isEqualTo(recordSize);
            for (int i = 0; i < 64; i++) {
                assertThat(((Number) lookup(reader, "2001:db8:" + Integer.toHexString(i) + "::7").get("i")).intValue()).isEqualTo(i);
                assertThat(((Number) lookup(reader, "198.51." + i + ".7").get("i")).intValue()).isEqualTo(1000 + i);
            }
            assertThat(lookup(reader, "2001:db8:40::")).isNull();
        }
    }

    @Test
    void recordValuesAbove24BitsUseTheNibblesOf28BitRecords() throws IOException {
        // A 18 MB first record (two blobs: one field holds at most about 16.8 MB) pushes the next records'
        // data pointers past 2^24, so the nibbles of the 28-bit layout and the wider pointer forms are
        // really exercised.
        byte[] blob = new byte[9 * 1024 * 1024];
        blob[blob.length - 1] = 42;
        MmdbWriter writer = MmdbWriter.ipv4("Test-Large")
                .insert("0.0.0.0/1", Map.of("blob", MmdbValue.bytes(blob), "blob2", MmdbValue.bytes(new byte[blob.length])))
                .insert("128.0.0.0/2", Map.of("after", "the blob", "again", "the blob"))
                .insert("192.0.0.0/2", Map.of("right", "side"));
        assertThatThrownBy(() -> writer.recordSize(24).toBytes()).hasMessageContaining("does not fit in 24 bits");
        for (int size : new int[] {0, 28, 32}) {
            try (Reader reader = read(writer.recordSize(size))) {
                assertThat(reader.getMetadata().recordSize()).isEqualTo(size == 0 ? 28 : size);
                assertThat(lookup(reader, "128.1.2.3")).containsEntry("after", "the blob").containsEntry("again", "the blob");
                assertThat(lookup(reader, "200.1.2.3")).containsEntry("right", "side");
                assertThat(((byte[]) lookup(reader, "1.2.3.4").get("blob"))[blob.length - 1]).isEqualTo((byte) 42);
            }
        }
    }

    @Test
    void aFieldLargerThanTheFormatAllowsIsRefused() {
        // The largest size the control byte can express is 65,821 + 2^24 - 1 bytes.
        byte[] tooLarge = new byte[65_821 + (1 << 24)];
        assertThatThrownBy(() -> MmdbWriter.ipv4("Test").insert("10.0.0.0/8", Map.of("b", tooLarge)).toBytes())
                .hasMessageContaining("too large");
    }

    @Test
    void mistakesAreRefused() {
        MmdbWriter writer = MmdbWriter.ipv6("Test").insert("192.0.2.0/24", Map.of());
        assertThatThrownBy(() -> writer.insert("192.0.2.0/24", Map.of())).hasMessageContaining("twice");
        assertThatThrownBy(() -> writer.insert("192.0.2.5/24", Map.of())).hasMessageContaining("host bits");
        assertThatThrownBy(() -> writer.insert("192.0.2.0/33", Map.of())).hasMessageContaining("prefix");
        assertThatThrownBy(() -> writer.insert("example.com", Map.of())).hasMessageContaining("literal");
        assertThatThrownBy(() -> MmdbWriter.ipv4("Test").insert("2001:db8::/32", Map.of())).hasMessageContaining("IPv6");
        assertThatThrownBy(() -> MmdbWriter.ipv4("Test").recordSize(20)).hasMessageContaining("24, 28 or 32");
        assertThatThrownBy(() -> MmdbWriter.ipv4("Test").insert("10.0.0.0/8", Map.of("k", new Object())).toBytes())
                .hasMessageContaining("no MaxMind DB type");
    }

    @Test
    void ipv4MappedTextIsTakenAsIpv4() throws IOException {
        try (Reader reader = read(MmdbWriter.ipv6("Test").insert("::ffff:192.0.2.0/120", Map.of("n", "mapped")))) {
            assertThat(lookup(reader, "192.0.2.77")).containsEntry("n", "mapped");
        }
    }

    @Test
    void anEmptyDatabaseIsValid() throws IOException {
        try (Reader reader = read(MmdbWriter.ipv4("Test-Empty"))) {
            assertThat(reader.getMetadata().nodeCount()).isEqualTo(1);
            assertThat(lookup(reader, "1.1.1.1")).isNull();
        }
    }
}
