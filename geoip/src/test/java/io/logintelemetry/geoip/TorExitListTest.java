package io.logintelemetry.geoip;

import static io.logintelemetry.geoip.GeoTesting.lookup;
import static io.logintelemetry.geoip.GeoTesting.open;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logintelemetry.geoip.GeoTesting.RecordingLog;
import io.logintelemetry.intel.IpInfo;
import io.logintelemetry.intel.NetworkType;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Tor bulk exit list. */
class TorExitListTest {

    @TempDir
    Path dir;

    final RecordingLog log = new RecordingLog();

    @Test
    void listedAddressesAreTorExitsForIpv4AndIpv6() {
        Path file = GeoTesting.write(dir.resolve("torbulkexitlist"), String.join("\n",
                "# from https://check.torproject.org/torbulkexitlist",
                "185.220.101.1",
                "192.0.2.77",
                "",
                "2001:db8::77",
                "ExitAddress 198.51.100.9 2026-01-01 00:00:00",
                "not-an-address"));
        try (GeoIpIntelligence geo = open(log, "geoip.tor-exit-list", file.toString())) {
            IpInfo info = lookup(geo, "192.0.2.77");
            assertThat(info.types()).containsExactly(NetworkType.TOR);
            assertThat(info.isAnonymizer()).isTrue();
            assertThat(info.source()).isEqualTo("Tor exit list");
            assertThat(lookup(geo, "2001:db8::77").is(NetworkType.TOR)).isTrue();
            assertThat(lookup(geo, "198.51.100.9").is(NetworkType.TOR)).isTrue();
            assertThat(lookup(geo, "192.0.2.78")).isSameAs(IpInfo.UNKNOWN);
        }
        assertThat(log.infos).anySatisfy(s -> assertThat(s)
                .contains("4 exit addresses", "1 bad line skipped: torbulkexitlist:7 not an IP address: \"not-an-address\""));
        assertThat(log.startup()).contains("Tor exit list (4 addresses)");
    }

    @Test
    void aListWithoutAddressesIsRefused() {
        Path file = GeoTesting.write(dir.resolve("tor.txt"), "# nothing yet\n");
        assertThatThrownBy(() -> TorExitList.load(file)).isInstanceOf(IOException.class).hasMessageContaining("no exit address");
    }
}
