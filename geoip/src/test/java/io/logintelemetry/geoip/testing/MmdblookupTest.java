package io.logintelemetry.geoip.testing;

import static io.logintelemetry.geoip.testing.TestDatabases.asn;
import static io.logintelemetry.geoip.testing.TestDatabases.city;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-checks generated files with libmaxminddb's {@code mmdblookup} (Debian package {@code mmdb-bin}),
 * a second, independent reader written in C that also reports each value's stored type. Skipped where
 * the tool is not installed.
 */
class MmdblookupTest {

    private static final Path MMDBLOOKUP = Path.of("/usr/bin/mmdblookup");

    @TempDir
    Path dir;

    @BeforeEach
    void needsTheTool() {
        assumeTrue(Files.isExecutable(MMDBLOOKUP), "mmdblookup not installed (apt-get install mmdb-bin); skipped");
    }

    @Test
    void cityValuesAndTypes() throws Exception {
        Path file = city()
                .add("203.0.113.0/24", city("JP", "Tokyo", 35.68, 139.69, 20).timeZone("Asia/Tokyo"))
                .add("2001:db8:1::/48", city("DE", "Berlin", 52.52, 13.405, 50))
                .recordSize(28)
                .writeTo(dir.resolve("city.mmdb"));
        assertThat(lookup(file, "203.0.113.9", "country", "iso_code")).contains("\"JP\" <utf8_string>");
        assertThat(lookup(file, "203.0.113.9", "city", "names", "en")).contains("\"Tokyo\" <utf8_string>");
        assertThat(lookup(file, "203.0.113.9", "location", "accuracy_radius")).contains("20 <uint16>");
        assertThat(lookup(file, "203.0.113.9", "location", "latitude")).contains("35.680000 <double>");
        assertThat(lookup(file, "2001:db8:1::5", "country", "iso_code")).contains("\"DE\" <utf8_string>");
        // libmaxminddb parses ::ffff:a.b.c.d as IPv6, so this goes through the IPv4-mapped alias.
        assertThat(lookup(file, "::ffff:203.0.113.9", "city", "names", "en")).contains("\"Tokyo\"");
        assertThat(lookup(file, "198.51.100.1")).contains("Could not find an entry");
    }

    @Test
    void asnInAnIpv4DatabaseAndMetadata() throws Exception {
        Path file = asn().ipVersion(4).recordSize(24)
                .add("198.51.100.0/24", asn(64500, "Example Hosting"))
                .writeTo(dir.resolve("asn.mmdb"));
        assertThat(lookup(file, "198.51.100.200", "autonomous_system_number")).contains("64500 <uint32>");
        String verbose = run(List.of(MMDBLOOKUP.toString(), "--file", file.toString(), "--ip", "198.51.100.1", "--verbose"));
        assertThat(verbose).containsPattern("Type:\\s+GeoLite2-ASN").containsPattern("Record size:\\s+24 bits")
                .containsPattern("IP version:\\s+IPv4").containsPattern("Binary format:\\s+2\\.0")
                .containsPattern("Node count:\\s+24\\b").contains("Record prefix length: 24");
    }

    private static String lookup(Path file, String ip, String... path) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(MMDBLOOKUP.toString(), "--file", file.toString(), "--ip", ip));
        command.addAll(List.of(path));
        return run(command);
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("mmdblookup finished").isTrue();
        return output;
    }
}
