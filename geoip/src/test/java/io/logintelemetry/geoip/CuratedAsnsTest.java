package io.logintelemetry.geoip;

import static io.logintelemetry.geoip.GeoTesting.lookup;
import static io.logintelemetry.geoip.GeoTesting.open;
import static io.logintelemetry.geoip.testing.TestDatabases.asn;
import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.geoip.GeoTesting.RecordingLog;
import io.logintelemetry.intel.IpInfo;
import io.logintelemetry.intel.NetworkType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The curated ASN list shipped in the jar and the user's own files over it. */
class CuratedAsnsTest {

    @TempDir
    Path dir;

    final RecordingLog log = new RecordingLog();

    @Test
    void theShippedListLoadsWithMoreThanAHundredEntriesAndEveryLineParses() throws IOException {
        CuratedList builtin = CuratedList.builtin();
        assertThat(builtin.entries()).hasSizeGreaterThan(100);
        assertThat(builtin.errors().count()).isZero();
        int dataLines = 0;
        try (InputStream in = CuratedList.class.getResourceAsStream(CuratedList.BUILTIN_RESOURCE);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                dataLines++;
                String[] columns = line.split("\t", -1);
                assertThat(columns).as("line %d: asn, category, organisation, note", number).hasSize(4);
                assertThat(columns[1]).as("line %d category", number).isIn("hosting", "vpn", "mobile");
                assertThat(columns[2]).as("line %d organisation", number).isNotBlank();
                Map<Long, CuratedList.Entry> one = new HashMap<>();
                assertThat(CuratedList.parse(line, "t", one)).as("line %d", number).isNull();
                assertThat(one).hasSize(1);
            }
        }
        assertThat(builtin.entries()).as("no ASN listed twice").hasSize(dataLines);
        CuratedList.Entry aws = builtin.entries().get(16509L);
        assertThat(aws.type()).isEqualTo(NetworkType.HOSTING);
        assertThat(aws.organization()).isEqualTo("Amazon.com, Inc.");
        assertThat(builtin.entries().values()).extracting(CuratedList.Entry::type)
                .contains(NetworkType.HOSTING, NetworkType.VPN, NetworkType.MOBILE);
    }

    @Test
    void userFilesOverrideAndRemoveShippedEntriesAndAddTheirOwn() {
        Path mmdb = asn()
                .add("3.0.0.0/24", asn(16509, "Amazon.com, Inc."))
                .add("8.8.8.0/24", asn(15169, "Google LLC"))
                .add("198.51.100.0/24", asn(64501, "Example VPN"))
                .add("203.0.113.0/24", asn(64500, "Example Broadband"))
                .writeTo(dir.resolve("asn.mmdb"));
        Path first = GeoTesting.write(dir.resolve("first.tsv"), String.join("\n",
                "# ours",
                "64501\thosting\tExample VPN\tfirst guess",
                "16509\tnone\t\tour own AWS account, never an anonymizer",
                "AS64500\tmobile\t\tthe carrier",
                "bogus\thosting\tx\ty",
                "64502\tsomething\tx\ty"));
        Path second = GeoTesting.write(dir.resolve("second.csv"), "64501,vpn,Example VPN Ltd,corrected\n");
        try (GeoIpIntelligence geo = open(log, "geoip.asn-database", mmdb.toString(),
                "geoip.curated.files", first + "," + second)) {
            IpInfo removed = lookup(geo, "3.0.0.1");
            assertThat(removed.types()).isEmpty();
            assertThat(removed.source()).isEqualTo("GeoLite2-ASN");

            IpInfo shipped = lookup(geo, "8.8.8.8");
            assertThat(shipped.types()).containsExactly(NetworkType.HOSTING);
            assertThat(shipped.source()).isEqualTo("GeoLite2-ASN, curated list");

            IpInfo overridden = lookup(geo, "198.51.100.1");
            assertThat(overridden.types()).containsExactly(NetworkType.VPN);
            assertThat(overridden.organization()).isEqualTo("Example VPN");
            assertThat(overridden.source()).isEqualTo("GeoLite2-ASN, curated list (second.csv)");

            IpInfo mobile = lookup(geo, "203.0.113.1");
            assertThat(mobile.types()).containsExactly(NetworkType.MOBILE);
            assertThat(mobile.isShared()).isTrue();
        }
        assertThat(log.infos).anySatisfy(s -> assertThat(s).contains("first.tsv", "3 entries", "2 bad lines skipped",
                "first.tsv:5 bad ASN \"bogus\"", "first.tsv:6 bad category \"something\""));
    }

    @Test
    void theCuratedListFillsInAMissingOrganisationName() {
        Path ranges = GeoTesting.write(dir.resolve("r.csv"), "3.0.0.0,3.0.0.255,16509,\n");
        try (GeoIpIntelligence geo = open(log, "geoip.asn-ranges", ranges.toString())) {
            assertThat(lookup(geo, "3.0.0.1").asnLabel()).isEqualTo("AS16509 Amazon.com, Inc.");
        }
    }

    @Test
    void withoutAnyAsnSourceTheStartUpLineSaysTheCuratedListIsIdle() {
        try (GeoIpIntelligence geo = open(log)) {
            assertThat(lookup(geo, "3.0.0.1")).isSameAs(IpInfo.UNKNOWN);
            assertThat(geo.watchesFiles()).isFalse();
        }
        assertThat(log.startup())
                .startsWith("Login Telemetry geoip sources: curated list (")
                .contains("idle: it classifies by ASN and no ASN source is loaded")
                .contains("hosting / VPN / mobile classification by the curated ASN list (needs an ASN source: "
                        + "logintelemetry.geoip.asn-database, logintelemetry.geoip.isp-database or logintelemetry.geoip.asn-ranges)");
    }

    @Test
    void withTheShippedListOffAndNoFilesThereIsNoCuratedList() {
        try (GeoIpIntelligence geo = open(log, "geoip.curated.builtin", "false")) {
            assertThat(lookup(geo, "3.0.0.1")).isSameAs(IpInfo.UNKNOWN);
        }
        assertThat(log.startup()).startsWith("Login Telemetry geoip sources: none;")
                .contains("logintelemetry.geoip.curated.builtin=false");
        assertThat(List.copyOf(log.warnings)).isEmpty();
    }
}
