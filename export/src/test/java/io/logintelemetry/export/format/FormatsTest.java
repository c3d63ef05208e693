package io.logintelemetry.export.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logintelemetry.export.TestFlags;
import io.logintelemetry.export.pseudonym.Pseudonymiser;
import io.logintelemetry.export.syslog.SyslogFormat;
import io.logintelemetry.flag.Flag;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden files of each format for a flag whose every text field is hostile, and checks that what a
 * receiver parses back is one record with the original values (escaping undone).
 *
 * <p>To regenerate after an intended format change: {@code -Dgolden.update=true}, then review the diff.
 */
class FormatsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Flag HOSTILE = TestFlags.hostile();

    private static String golden(String name, String actual) throws IOException {
        String resource = "/golden/" + name;
        if (Boolean.getBoolean("golden.update")) {
            Path file = Path.of("src/test/resources/golden", name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual + "\n", StandardCharsets.UTF_8);
        }
        try (InputStream in = FormatsTest.class.getResourceAsStream(resource)) {
            assertThat(in).as("golden file " + resource).isNotNull();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.substring(0, text.length() - 1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cef", "leef", "ecs", "json", "hec"})
    void hostileValuesMatchTheGoldenFileAndStayOneLine(String format) throws IOException {
        String out = formatter(format).format(HOSTILE);
        assertThat(out).isEqualTo(golden(format + ".txt", out));
        assertThat(out).doesNotContain("\r", "\n", "\u0000").doesNotContain("\uD800");
        // The forged header inside the value never starts a record of its own.
        assertThat(out.indexOf("CEF:0|forged")).isNotZero();
        assertThat(out.getBytes(StandardCharsets.UTF_8)).isEqualTo(new String(out.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static FlagFormat formatter(String name) {
        return switch (name) {
            case "cef" -> new CefFormat();
            case "leef" -> new LeefFormat();
            case "ecs" -> new EcsFormat();
            case "json" -> new JsonFormat();
            default -> new HecFormat("logintelemetry:flag", "security");
        };
    }

    @Test
    void cefParsedBackGivesTheOriginalValues() {
        String out = new CefFormat().format(HOSTILE);
        Cef cef = Cef.parse(out);
        assertThat(cef.header()).hasSize(7);
        assertThat(cef.header().get(4)).isEqualTo("ip.fanout");
        assertThat(cef.header().get(6)).isEqualTo("10");
        String clean = HOSTILE.summary().replace('\uD800', '\uFFFD');
        // In the header, controls become spaces; pipes and backslashes survive escaped.
        assertThat(cef.header().get(5)).isEqualTo(clean.replace('\r', ' ').replace('\n', ' ').replace('\u0000', ' ').replace('\t', ' '));
        Map<String, String> ext = cef.extension();
        // In extensions, CR and LF round-trip; other controls become spaces.
        assertThat(ext.get("msg")).isEqualTo(clean.replace('\u0000', ' ').replace('\t', ' '));
        assertThat(ext.get("suser")).isEqualTo(HOSTILE.account().replace('\uD800', '\uFFFD').replace('\u0000', ' ').replace('\t', ' '));
        assertThat(ext.get("externalId")).startsWith("id-a|b=c\\d\r\n");
        assertThat(ext.get("src")).isEqualTo("203.0.113.7");
        assertThat(ext.get("rt")).isEqualTo(Long.toString(TestFlags.TS));
        assertThat(ext.get("cs3Label")).isEqualTo("evidence");
        assertThat(ext).doesNotContainKey("forged");
    }

    @Test
    void leefParsedBackIsOneRecordWithTheOriginalValues() {
        String out = new LeefFormat().format(HOSTILE);
        String[] header = out.split("(?<!\\\\)\\|", 7);
        assertThat(header[0]).isEqualTo("LEEF:2.0");
        assertThat(header[4]).isEqualTo("ip.fanout");
        assertThat(header[5]).isEqualTo("^");
        Map<String, String> attrs = new java.util.LinkedHashMap<>();
        for (String pair : header[6].split("\\^")) {
            int eq = pair.indexOf('=');
            attrs.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        assertThat(attrs).containsKeys("devTime", "sev", "cat", "usrName", "src", "summary", "flagId", "evidence");
        assertThat(attrs.get("usrName")).isEqualTo("usera|b=c\\d  CEF:0|forged|x=1  end\uFF3E\uFFFD!");
        assertThat(attrs.get("sev")).isEqualTo("10");
        assertThat(attrs.get("devTime")).isEqualTo("2026-03-01T12:34:56.789Z");
        // A whole second still has the milliseconds devTimeFormat announces.
        io.logintelemetry.flag.Flag whole = TestFlags.plain("w", "u", "203.0.113.1");
        whole = new io.logintelemetry.flag.Flag("w", whole.signal(), whole.severity(), 1_772_368_496_000L, "u", null, null, null,
                "s", whole.evidence(), whole.action(), null);
        assertThat(new LeefFormat().format(whole)).contains("devTime=2026-03-01T12:34:56.000Z^");
    }

    @Test
    void ecsCarriesTheMappedFieldsAndTheExactValues() throws IOException {
        JsonNode doc = JSON.readTree(new EcsFormat().format(HOSTILE));
        assertThat(doc.path("@timestamp").asText()).isEqualTo("2026-03-01T12:34:56.789Z");
        assertThat(doc.path("event").path("kind").asText()).isEqualTo("alert");
        assertThat(doc.path("event").path("category").get(0).asText()).isEqualTo("authentication");
        assertThat(doc.path("event").path("id").asText()).isEqualTo(HOSTILE.id().replace('\uD800', '\uFFFD'));
        assertThat(doc.path("event").path("severity").asInt()).isEqualTo(10);
        assertThat(doc.path("rule").path("id").asText()).isEqualTo("ip.fanout");
        assertThat(doc.path("user").path("name").asText()).isEqualTo(HOSTILE.account().replace('\uD800', '\uFFFD'));
        assertThat(doc.path("source").path("ip").asText()).isEqualTo("203.0.113.7");
        assertThat(doc.path("message").asText()).isEqualTo(HOSTILE.summary().replace('\uD800', '\uFFFD'));
        assertThat(doc.path("logintelemetry").path("evidence").path("accounts_count").asLong()).isEqualTo(6);
        assertThat(doc.path("logintelemetry").path("evidence").path("other_accounts").size()).isEqualTo(2);
    }

    @Test
    void sessionSignalsAreInTheSessionCategory() {
        assertThat(EcsFormat.category(io.logintelemetry.flag.Signal.SESSION_LONG)).isEqualTo("session");
        assertThat(EcsFormat.category(io.logintelemetry.flag.Signal.ACTIVITY_CUMULATIVE)).isEqualTo("session");
        assertThat(EcsFormat.category(io.logintelemetry.flag.Signal.IP_CHURN)).isEqualTo("authentication");
    }

    @Test
    void aPseudonymisedAddressIsNotPutInAnIpField() throws IOException {
        Flag flag = new Pseudonymiser("0123456789abcdef0123".getBytes(StandardCharsets.UTF_8), false)
                .apply(TestFlags.plain("f1", "alice", "203.0.113.7"));
        JsonNode doc = JSON.readTree(new EcsFormat().format(flag));
        assertThat(doc.path("source").has("ip")).isFalse();
        assertThat(doc.path("source").path("address").asText()).startsWith("ip_");
        Map<String, String> cef = Cef.parse(new CefFormat().format(flag)).extension();
        assertThat(cef).doesNotContainKey("src");
        assertThat(cef.get("cs4")).isEqualTo(flag.ip());
    }

    @Test
    void syslogHeaderFollowsRfc5424() {
        String out = new SyslogFormat(10, new CefFormat()).format(HOSTILE);
        // authpriv (10) * 8 + critical (2) = 82; host name reduced to printable ASCII.
        assertThat(out).startsWith("<82>1 2026-03-01T12:34:56.789Z nodea|b=c\\d__CEF:0|forged|x=1__end^_! logintelemetry - flag - CEF:0|");
        assertThat(out).doesNotContain("\n", "\r");
    }
}
