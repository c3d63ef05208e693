package io.logintelemetry.geoip;

import static io.logintelemetry.geoip.GeoTesting.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.intel.IpInfo;
import io.logintelemetry.intel.NetworkType;
import org.junit.jupiter.api.Test;

/** How one lookup's answers merge. */
class DraftTest {

    @Test
    void firstAnswerWinsTypesAddUpAndEachSourceIsNamedOnce() {
        Draft d = new Draft(ip("192.0.2.1"));
        d.type(NetworkType.HOSTING, "curated list (a.tsv)");
        d.location("JP", "Tokyo", 35.68, 139.69, 20, "GeoLite2-City");
        d.location("US", "Ashburn", 39.0, -77.0, 1000, "Other-City");
        d.asn(64500L, "Example", "GeoLite2-ASN");
        d.asn(64501L, "Other", "ASN ranges a.csv");
        d.type(NetworkType.VPN, "curated list");
        d.type(NetworkType.HOSTING, "curated list (a.tsv)");
        d.type(NetworkType.PROXY, "curated list");
        IpInfo info = d.toInfo();
        assertThat(info.country()).isEqualTo("JP");
        assertThat(info.city()).isEqualTo("Tokyo");
        assertThat(info.accuracyRadiusKm()).isEqualTo(20);
        assertThat(info.asnLabel()).isEqualTo("AS64500 Example");
        assertThat(info.types()).containsExactlyInAnyOrder(NetworkType.HOSTING, NetworkType.VPN, NetworkType.PROXY);
        assertThat(info.source()).isEqualTo("curated list (a.tsv), GeoLite2-City, GeoLite2-ASN, curated list");
    }

    @Test
    void nothingKnownIsTheUnknownConstant() {
        Draft d = new Draft(ip("2001:db8::1"));
        d.asn(null, null, "x");
        d.location(null, null, null, null, null, "y");
        assertThat(d.toInfo()).isSameAs(IpInfo.UNKNOWN);
        assertThat(d.inet().getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThat(new Draft(ip("192.0.2.255")).inet().getHostAddress()).isEqualTo("192.0.2.255");
    }
}
