package io.logintelemetry.geoip;

import static io.logintelemetry.geoip.GeoTesting.ip;
import static io.logintelemetry.geoip.GeoTesting.lookup;
import static io.logintelemetry.geoip.GeoTesting.open;
import static io.logintelemetry.geoip.testing.TestDatabases.asn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logintelemetry.geoip.GeoTesting.RecordingLog;
import io.logintelemetry.intel.IpInfo;
import io.logintelemetry.intel.NetworkType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Free IP-range-to-ASN files: layouts, compression, IPv6, bad lines, and their place among the sources. */
class AsnRangesTest {

    @TempDir
    Path dir;

    final RecordingLog log = new RecordingLog();

    /** The @ip-location-db/asn layout, with RFC 4180 quoting. */
    static final String CSV = String.join("\n",
            "1.0.0.0,1.0.0.255,13335,\"Cloudflare, Inc.\"",
            "198.51.100.0,198.51.100.127,64501,Example Hosting",
            "198.51.100.128,198.51.100.255,64502,\"Example \"\"Quoted\"\" Net\"",
            "203.0.113.0,203.0.113.255,64500,Example Broadband JP",
            "2001:db8::,2001:db8:0:ffff:ffff:ffff:ffff:ffff,64510,Example IPv6 Net",
            "2001:db8:1::,2001:db8:1:ffff:ffff:ffff:ffff:ffff,64511,Example IPv6 Cloud",
            "");

    @Test
    void csvRangesAreFoundAtTheirEdgesAndNotOutside() throws IOException {
        AsnRanges ranges = AsnRanges.load(GeoTesting.write(dir.resolve("asn-ipv4.csv"), CSV));
        assertThat(ranges.size()).isEqualTo(6);
        assertThat(info(ranges, "1.0.0.0")).isEqualTo("AS13335 Cloudflare, Inc.");
        assertThat(info(ranges, "1.0.0.255")).isEqualTo("AS13335 Cloudflare, Inc.");
        assertThat(info(ranges, "1.0.1.0")).isNull();
        assertThat(info(ranges, "0.255.255.255")).isNull();
        assertThat(info(ranges, "198.51.100.127")).isEqualTo("AS64501 Example Hosting");
        assertThat(info(ranges, "198.51.100.128")).isEqualTo("AS64502 Example \"Quoted\" Net");
        assertThat(info(ranges, "203.0.113.200")).isEqualTo("AS64500 Example Broadband JP");
        assertThat(info(ranges, "255.255.255.255")).isNull();
        assertThat(info(ranges, "2001:db8::1")).isEqualTo("AS64510 Example IPv6 Net");
        assertThat(info(ranges, "2001:db8:0:ffff:ffff:ffff:ffff:ffff")).isEqualTo("AS64510 Example IPv6 Net");
        assertThat(info(ranges, "2001:db8:1:abcd::1")).isEqualTo("AS64511 Example IPv6 Cloud");
        assertThat(info(ranges, "2001:db8:2::")).isNull();
        assertThat(info(ranges, "::1")).isNull();
        assertThat(ranges.summary()).isEqualTo("4 IPv4 and 2 IPv6 ranges of 6 ASNs");
    }

    @Test
    void tsvWithAHeaderAndTheIptoasnLayoutAreRead() throws IOException {
        Path file = GeoTesting.write(dir.resolve("ranges.tsv"), String.join("\n",
                "start\tend\tasn\torg",
                "198.51.100.0\t198.51.100.255\t64501\tExample Hosting, LLC",
                "203.0.113.0\t203.0.113.255\t64500\tJP\tEXAMPLE-JP Example Broadband",
                "192.0.2.0\t192.0.2.255\t0\tNone\tNot routed"));
        AsnRanges ranges = AsnRanges.load(file);
        assertThat(info(ranges, "198.51.100.9")).isEqualTo("AS64501 Example Hosting, LLC");
        assertThat(info(ranges, "203.0.113.9")).isEqualTo("AS64500 EXAMPLE-JP Example Broadband");
        assertThat(info(ranges, "192.0.2.9")).isNull();
        assertThat(ranges.summary()).doesNotContain("bad line");
    }

    @Test
    void gzippedFilesAreRecognisedByTheirContent() throws IOException {
        Path file = dir.resolve("asn-ipv6.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(CSV.getBytes(StandardCharsets.UTF_8));
        }
        AsnRanges ranges = AsnRanges.load(file);
        assertThat(ranges.size()).isEqualTo(6);
        assertThat(info(ranges, "2001:db8:1::5")).isEqualTo("AS64511 Example IPv6 Cloud");
    }

    @Test
    void unsortedFilesAreSorted() throws IOException {
        Path file = GeoTesting.write(dir.resolve("unsorted.csv"), String.join("\n",
                "203.0.113.0,203.0.113.255,64500,C",
                "2001:db8:1::,2001:db8:1::ffff,64511,F",
                "1.0.0.0,1.0.0.255,13335,A",
                "2001:db8::,2001:db8::ffff,64510,E",
                "198.51.100.0,198.51.100.255,64501,B"));
        AsnRanges ranges = AsnRanges.load(file);
        assertThat(info(ranges, "1.0.0.1")).isEqualTo("AS13335 A");
        assertThat(info(ranges, "198.51.100.1")).isEqualTo("AS64501 B");
        assertThat(info(ranges, "203.0.113.1")).isEqualTo("AS64500 C");
        assertThat(info(ranges, "2001:db8::1")).isEqualTo("AS64510 E");
        assertThat(info(ranges, "2001:db8:1::1")).isEqualTo("AS64511 F");
    }

    @Test
    void badLinesAreCountedAndTheFirstFewReportedWithFileAndLine() throws IOException {
        Path file = GeoTesting.write(dir.resolve("mixed.csv"), String.join("\n",
                "# a comment",
                "198.51.100.0,198.51.100.255,64501,Example Hosting",
                "198.51.101.x,198.51.101.255,64501,bad start",
                "198.51.102.0,nope,64501,bad end",
                "198.51.103.0,198.51.103.255,ASX,bad asn",
                "198.51.104.255,198.51.104.0,64501,reversed",
                "198.51.105.0,2001:db8::,64501,mixed families",
                "only-one-field",
                "\"198.51.106.0,198.51.106.255,64501,open quote",
                "",
                "203.0.113.0,203.0.113.255,AS64500,Example Broadband JP"));
        try (GeoIpIntelligence geo = open(log, "geoip.asn-ranges", file.toString())) {
            assertThat(lookup(geo, "203.0.113.1").asn()).isEqualTo(64500);
        }
        assertThat(log.infos).filteredOn(s -> s.contains("loaded logintelemetry.geoip.asn-ranges")).singleElement().asString()
                .contains("2 IPv4 and 0 IPv6 ranges", "7 bad lines skipped",
                        "mixed.csv:3 bad start address \"198.51.101.x\"",
                        "mixed.csv:4 bad end address \"nope\"",
                        "mixed.csv:5 bad ASN \"ASX\"",
                        "mixed.csv:6 end 198.51.104.0 is not after start 198.51.104.255",
                        "mixed.csv:7 end 2001:db8:: is not after start 198.51.105.0", "; ...)");
        assertThat(log.warnings).isEmpty();
    }

    @Test
    void aFileWithoutAnyUsableRangeIsRefused() throws IOException {
        Path file = GeoTesting.write(dir.resolve("garbage.csv"), "this is not\na range file\n");
        assertThatThrownBy(() -> AsnRanges.load(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("no usable range").hasMessageContaining("garbage.csv:2");
    }

    @Test
    void rangesAnswerAloneAndLetTheCuratedListClassify() throws IOException {
        Path file = GeoTesting.write(dir.resolve("asn.csv"), "198.51.100.0,198.51.100.255,64501,Example Hosting\n"
                + "3.0.0.0,3.0.0.255,16509,\"Amazon.com, Inc.\"\n");
        Path curated = GeoTesting.write(dir.resolve("mine.tsv"), "64501\thosting\tExample Hosting\tour test\n");
        try (GeoIpIntelligence geo = open(log, "geoip.asn-ranges", file.toString(), "geoip.curated.files", curated.toString())) {
            IpInfo info = lookup(geo, "198.51.100.1");
            assertThat(info.asnLabel()).isEqualTo("AS64501 Example Hosting");
            assertThat(info.types()).containsExactly(NetworkType.HOSTING);
            assertThat(info.source()).isEqualTo("ASN ranges asn.csv, curated list (mine.tsv)");
            IpInfo amazon = lookup(geo, "3.0.0.7");
            assertThat(amazon.types()).containsExactly(NetworkType.HOSTING);
            assertThat(amazon.source()).isEqualTo("ASN ranges asn.csv, curated list");
        }
        assertThat(log.startup()).contains("ASN ranges asn.csv (2 ranges)").doesNotContain("ASN and organisation (");
    }

    @Test
    void aMaxMindAsnAnswerTakesPrecedenceOverTheRanges() throws IOException {
        Path ranges = GeoTesting.write(dir.resolve("asn.csv"), "198.51.100.0,198.51.100.255,64999,From Ranges\n"
                + "192.0.2.0,192.0.2.255,64998,Only In Ranges\n");
        Path mmdb = asn().add("198.51.100.0/24", asn(64501, "From MaxMind")).writeTo(dir.resolve("asn.mmdb"));
        try (GeoIpIntelligence geo = open(log, "geoip.asn-ranges", ranges.toString(), "geoip.asn-database", mmdb.toString())) {
            assertThat(lookup(geo, "198.51.100.1").asnLabel()).isEqualTo("AS64501 From MaxMind");
            assertThat(lookup(geo, "198.51.100.1").source()).isEqualTo("GeoLite2-ASN");
            assertThat(lookup(geo, "192.0.2.1").asnLabel()).isEqualTo("AS64998 Only In Ranges");
            assertThat(lookup(geo, "192.0.2.1").source()).isEqualTo("ASN ranges asn.csv");
        }
    }

    private static String info(AsnRanges ranges, String literal) {
        Draft draft = new Draft(ip(literal));
        ranges.contribute(draft);
        return draft.toInfo().asnLabel();
    }
}
