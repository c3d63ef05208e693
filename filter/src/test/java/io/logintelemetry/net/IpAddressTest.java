package io.logintelemetry.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Literal parsing without DNS, and canonical (RFC 5952) output. */
class IpAddressTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            // IPv4
            "192.0.2.1, 192.0.2.1",
            "0.0.0.0, 0.0.0.0",
            "255.255.255.255, 255.255.255.255",
            "' 203.0.113.7 ', 203.0.113.7",
            // IPv6: compression of the longest zero run, lower case, no leading zeros
            "2001:DB8:0:0:0:0:0:1, 2001:db8::1",
            "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
            "::, ::",
            "::1, ::1",
            "1::, 1::",
            "2001:db8::, 2001:db8::",
            "2001:db8:0:1:0:0:0:1, 2001:db8:0:1::1",        // longest run wins
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",      // first of equal runs wins
            "2001:db8:1:2:3:4:0:5, 2001:db8:1:2:3:4:0:5",   // a single zero group is not compressed
            "1:2:3:4:5:6:7::, 1:2:3:4:5:6:7:0",
            "::2:3:4:5:6:7:8, 0:2:3:4:5:6:7:8",
            // Brackets and zone ids are dropped
            "[2001:db8::1], 2001:db8::1",
            "fe80::1%eth0, fe80::1",
            // Embedded IPv4
            "64:ff9b::192.0.2.1, 64:ff9b::c000:201",
            "1:2:3:4:5:6:192.0.2.1, 1:2:3:4:5:6:c000:201",
            // IPv4-mapped IPv6 is the IPv4 address it carries
            "::ffff:192.0.2.1, 192.0.2.1",
            "::FFFF:c000:0201, 192.0.2.1",
            "0:0:0:0:0:ffff:203.0.113.9, 203.0.113.9",
    })
    void parsesAndFormats(String text, String canonical) {
        assertThat(IpAddress.parse(text)).get().hasToString(canonical);
    }

    @ParameterizedTest(name = "refuses \"{0}\"")
    @ValueSource(strings = {
            "", " ", "localhost", "example.com", "www.example.com", "1.2.3", "1.2.3.4.5", "1..2.3", "1.2.3.",
            ".1.2.3", "256.1.1.1", "1.2.3.999", "01.2.3.4", "1.2.3.04", "1.2.3.00", "1.2.3.-4", "+1.2.3.4",
            "0x7f.0.0.1", "1.2.3.4/24", "2130706433",
            ":", ":::", "1:::2", "1::2::3", ":1::2", "1::2:", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::1",
            "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8", "2001:db8::g", "::ffff:1.2.3", "::ffff:256.1.1.1",
            "::1.2.3.4:5", "1:2:3:4:5:6:7:1.2.3.4", "::ffff:01.2.3.4",
            // Non-ASCII digits must not be read as numbers (fullwidth, Arabic-Indic)
            "１.２.３.４", "::１", "２００１:ｄｂ８::１", "٢٠٠١:db8::1",
            // Oversized
            "0000000000000000000000000000000000000000000000000000000000000001.1.1.1",
            "2001:db8:0:0:0:0:0:1                                                                 x",
    })
    void refusesWhatIsNotALiteral(String text) {
        assertThat(IpAddress.parse(text)).isEmpty();
    }

    @Test
    void nullIsNoAddress() {
        assertThat(IpAddress.parse(null)).isEmpty();
    }

    @Test
    void mappedAndPlainIpv4AreEqual() {
        assertThat(IpAddress.parse("::ffff:192.0.2.1")).isEqualTo(IpAddress.parse("192.0.2.1"));
        assertThat(IpAddress.parse("::ffff:192.0.2.1").orElseThrow().isV4()).isTrue();
        // The NAT64 prefix is a different, IPv6, address.
        assertThat(IpAddress.parse("64:ff9b::192.0.2.1")).isNotEqualTo(IpAddress.parse("192.0.2.1"));
        assertThat(IpAddress.parse("::192.0.2.1").orElseThrow().isV4()).isFalse();
    }

    @Test
    void churnNetworkIsSlash24OrSlash64() {
        assertThat(IpAddress.parse("203.0.113.77").orElseThrow().churnNetwork()).hasToString("203.0.113.0/24");
        assertThat(IpAddress.parse("2001:db8:1:2:3:4:5:6").orElseThrow().churnNetwork()).hasToString("2001:db8:1:2::/64");
    }

    @Test
    void formatParsesBackToTheSameAddress() {
        for (String s : new String[] {"2001:db8::1:0:0:1", "::ffff:0:1", "fe80::", "1:0:0:2::3", "::ffff:1:2:3"}) {
            IpAddress a = IpAddress.parse(s).orElseThrow();
            assertThat(IpAddress.parse(a.toString())).contains(a);
        }
    }
}
