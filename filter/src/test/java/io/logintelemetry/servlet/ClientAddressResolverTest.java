package io.logintelemetry.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.net.IpNetworkSet;
import java.util.Collections;
import java.util.Enumeration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ClientAddressResolverTest {

    private final AtomicInteger malformed = new AtomicInteger();
    private final ClientAddressResolver resolver =
            new ClientAddressResolver(IpNetworkSet.parse("10.0.0.0/8, 2001:db8:ffff::/48"), malformed::incrementAndGet);

    private static Enumeration<String> headers(String... values) {
        return Collections.enumeration(java.util.List.of(values));
    }

    private String resolve(String peer, Enumeration<String> forwarded, Enumeration<String> xff) {
        var client = resolver.resolve(peer, forwarded, xff);
        if (client == null) {
            return null;
        }
        // The text published to the application is the canonical form, however the header wrote it.
        assertThat(client.text()).isEqualTo(client.ip().toString());
        return client.text();
    }

    @Test
    void theAddressTextIsCanonicalHoweverItWasWritten() {
        assertThat(resolve("::ffff:198.51.100.7", headers(), headers())).as("a mapped peer").isEqualTo("198.51.100.7");
        assertThat(resolve("10.1.1.1", headers(), headers("::ffff:203.0.113.9"))).isEqualTo("203.0.113.9");
        assertThat(resolve("10.1.1.1", headers(), headers("[203.0.113.9]:8443"))).isEqualTo("203.0.113.9");
        assertThat(resolve("10.1.1.1", headers(), headers(" 203.0.113.9 "))).isEqualTo("203.0.113.9");
        assertThat(resolve("10.1.1.1", headers("for=\"[2001:DB8:0:0::9]:443\""), headers())).isEqualTo("2001:db8::9");
        assertThat(resolve("10.1.1.1", headers(), headers("203.0.113.9"))).isEqualTo("203.0.113.9");
    }

    @Test
    void untrustedPeerIsTheClientWhateverItForwards() {
        assertThat(resolve("198.51.100.7", headers(), headers("203.0.113.9"))).isEqualTo("198.51.100.7");
        assertThat(malformed).hasValue(0);
    }

    @Test
    void trustedProxyHandsOverTheRightMostUntrustedAddress() {
        // The client wrote 192.0.2.66 itself (spoofed); 203.0.113.9 is what our proxy saw.
        assertThat(resolve("10.1.1.1", headers(), headers("192.0.2.66, 203.0.113.9, 10.2.2.2"))).isEqualTo("203.0.113.9");
    }

    @Test
    void severalHeaderLinesAreOneList() {
        assertThat(resolve("10.1.1.1", headers(), headers("192.0.2.66", "203.0.113.9"))).isEqualTo("203.0.113.9");
    }

    @Test
    void forwardedHeaderWinsAndIsParsedPerRfc7239() {
        assertThat(resolve("10.1.1.1", headers("for=192.0.2.60;proto=https, for=\"[2001:db8::17]:4711\""),
                headers("198.51.100.1"))).isEqualTo("2001:db8::17");
    }

    @Test
    void emptyHopsAreMalformedButATrailingCommaIsNot() {
        assertThat(resolve("10.1.1.1", headers(), headers("192.0.2.66, 203.0.113.9,"))).isEqualTo("203.0.113.9");
        assertThat(resolve("10.1.1.1", headers(), headers("192.0.2.66,,203.0.113.9"))).isEqualTo("10.1.1.1");
        assertThat(resolve("10.1.1.1", headers(), headers(",203.0.113.9"))).isEqualTo("10.1.1.1");
        assertThat(resolve("10.1.1.1", headers(), headers("203.0.113.9, "))).isEqualTo("10.1.1.1");
        assertThat(resolve("10.1.1.1", headers(), headers(""))).isEqualTo("10.1.1.1");
    }

    @Test
    void portsAreStripped() {
        assertThat(resolve("10.1.1.1", headers(), headers("203.0.113.9:5555"))).isEqualTo("203.0.113.9");
    }

    @Test
    void allTrustedChainGivesTheLeftMostHop() {
        assertThat(resolve("10.1.1.1", headers(), headers("10.9.9.9, 10.8.8.8"))).isEqualTo("10.9.9.9");
    }

    @Test
    void malformedOrOversizedHeadersFallBackToThePeerAndAreCounted() {
        assertThat(resolve("10.1.1.1", headers(), headers("not-an-ip"))).isEqualTo("10.1.1.1");
        assertThat(resolve("10.1.1.1", headers(), headers("203.0.113.9\r\nX-Evil: 1"))).isEqualTo("10.1.1.1");
        assertThat(resolve("10.1.1.1", headers(), headers("1.2.3.4,".repeat(2000)))).isEqualTo("10.1.1.1");
        assertThat(resolve("10.1.1.1", headers("by=foo"), headers())).isEqualTo("10.1.1.1");
        assertThat(malformed).hasValue(4);
    }

    @Test
    void unknownHopStopsTheWalkAtTheLastGoodAddress() {
        assertThat(resolve("10.1.1.1", headers(), headers("203.0.113.9, unknown, 10.2.2.2"))).isEqualTo("10.2.2.2");
    }

    @Test
    void peerThatIsNoLiteralGivesNoAddress() {
        assertThat(resolve("localhost", headers(), headers())).isNull();
    }
}
