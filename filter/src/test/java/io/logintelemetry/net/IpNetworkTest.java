package io.logintelemetry.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpNetworkTest {

    private static IpAddress ip(String s) {
        return IpAddress.parse(s).orElseThrow();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "192.0.2.0/24, 192.0.2.0/24",
            "192.0.2.77/24, 192.0.2.0/24",     // host bits are cleared
            "100.64.0.0/10, 100.64.0.0/10",
            "0.0.0.0/0, 0.0.0.0/0",
            "203.0.113.9, 203.0.113.9/32",     // a bare address is one host
            "2001:db8::/32, 2001:db8::/32",
            "2001:db8:1:2:3:4:5:6/64, 2001:db8:1:2::/64",
            "2001:db8::1/128, 2001:db8::1/128",
            "::/0, ::/0",
    })
    void parses(String text, String canonical) {
        assertThat(IpNetwork.parse(text)).get().hasToString(canonical);
    }

    @ParameterizedTest(name = "refuses \"{0}\"")
    @ValueSource(strings = {"192.0.2.0/33", "2001:db8::/129", "192.0.2.0/", "192.0.2.0/-1", "192.0.2.0/2a",
            "192.0.2.0/0024", "example.com/24", "/24", "192.0.2.0/24/8", ""})
    void refuses(String text) {
        assertThat(IpNetwork.parse(text)).isEmpty();
    }

    @Test
    void containsIpv4() {
        IpNetwork n = IpNetwork.parse("198.51.100.0/28").orElseThrow();
        assertThat(n.contains(ip("198.51.100.0"))).isTrue();
        assertThat(n.contains(ip("198.51.100.15"))).isTrue();
        assertThat(n.contains(ip("198.51.100.16"))).isFalse();
        assertThat(n.contains(ip("198.51.99.255"))).isFalse();
        assertThat(n.contains(ip("::ffff:198.51.100.3"))).isTrue();
        IpNetwork cgnat = IpNetwork.parse("100.64.0.0/10").orElseThrow();
        assertThat(cgnat.contains(ip("100.127.255.255"))).isTrue();
        assertThat(cgnat.contains(ip("100.128.0.0"))).isFalse();
        assertThat(cgnat.contains(ip("100.63.255.255"))).isFalse();
        assertThat(IpNetwork.parse("0.0.0.0/0").orElseThrow().contains(ip("203.0.113.1"))).isTrue();
    }

    @Test
    void containsIpv6() {
        IpNetwork n = IpNetwork.parse("2001:db8:1::/48").orElseThrow();
        assertThat(n.contains(ip("2001:db8:1:ffff::1"))).isTrue();
        assertThat(n.contains(ip("2001:db8:2::1"))).isFalse();
        IpNetwork odd = IpNetwork.parse("2001:db8::/100").orElseThrow();
        assertThat(odd.contains(ip("2001:db8::fff:ffff"))).isTrue();
        assertThat(odd.contains(ip("2001:db8::1000:0"))).isFalse();
    }

    @Test
    void familiesNeverContainEachOther() {
        assertThat(IpNetwork.parse("::/0").orElseThrow().contains(ip("192.0.2.1"))).isFalse();
        assertThat(IpNetwork.parse("0.0.0.0/0").orElseThrow().contains(ip("2001:db8::1"))).isFalse();
    }

    @Test
    void networkSetParsesAListAndNamesABadEntry() {
        IpNetworkSet set = IpNetworkSet.parse("100.64.0.0/10, 198.51.100.0/28,,2001:db8::/32");
        assertThat(set.networks()).hasSize(3);
        assertThat(set.contains(ip("2001:db8:ffff::1"))).isTrue();
        assertThat(set.contains(ip("203.0.113.1"))).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> IpNetworkSet.parse("10.0.0.0/8, office.example"))
                .hasMessageContaining("office.example");
    }
}
