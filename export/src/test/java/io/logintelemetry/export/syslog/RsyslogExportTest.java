package io.logintelemetry.export.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.export.ExportProvider;
import io.logintelemetry.export.TestFlags;
import io.logintelemetry.export.delivery.DeliverySink;
import io.logintelemetry.export.format.Cef;
import io.logintelemetry.flag.Flag;
import io.logintelemetry.sink.FlagSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flags sent to a real rsyslog over TCP, UDP and TLS, read back from the file rsyslog wrote, and
 * compared field by field with the flags raised.
 */
class RsyslogExportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private Rsyslog plain() throws Exception {
        Rsyslog r = Rsyslog.plain(Files.createDirectories(dir.resolve("rsyslog")));
        toClose.add(r);
        return r;
    }

    private DeliverySink sink(Map<String, String> extra) {
        Map<String, String> s = new HashMap<>();
        s.put("logintelemetry.export.spool.directory", dir.resolve("spool").toString());
        s.put("logintelemetry.export.syslog.host", "127.0.0.1");
        s.put("logintelemetry.export.timeout", "2s");
        s.put("logintelemetry.export.retry.initial-backoff", "20ms");
        s.put("logintelemetry.export.retry.max-backoff", "200ms");
        s.putAll(extra);
        List<FlagSink> sinks = new ExportProvider().create(LoginTelemetryConfig.from(s), "/app");
        sinks.forEach(x -> toClose.add(x::close));
        return (DeliverySink) sinks.get(0);
    }

    private static List<Flag> flags(int n) {
        List<Flag> out = new ArrayList<>();
        for (int i = 0; i < n - 1; i++) {
            out.add(TestFlags.plain("flag-" + i, "user" + i, "203.0.113." + i));
        }
        out.add(TestFlags.hostile());
        return out;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - until > 0) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(25);
        }
    }

    /** The lines rsyslog wrote, by the flag id found in them. */
    private static Map<String, String[]> received(Rsyslog r, String idField) throws Exception {
        Map<String, String[]> byId = new LinkedHashMap<>();
        for (String line : r.lines()) {
            String[] parts = line.split(" ", 4); // hostname, app-name, msgid, msg
            String msg = parts[3];
            String id = switch (idField) {
                case "cef" -> Cef.parse(msg).extension().get("externalId");
                case "json" -> JSON.readTree(msg).path("id").asText();
                default -> leef(msg).get("flagId");
            };
            byId.put(id, parts);
        }
        return byId;
    }

    private static Map<String, String> leef(String msg) {
        String[] header = msg.split("(?<!\\\\)\\|", 7);
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("eventId", header[4]);
        for (String pair : header[6].split("\\^")) {
            int eq = pair.indexOf('=');
            attrs.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return attrs;
    }

    /** What a CEF extension value looks like after our escaping is undone: only NUL/TAB and surrogates change. */
    private static String cefValue(String s) {
        return s.replace('\u0000', ' ').replace('\t', ' ').replace('\uD800', '\uFFFD');
    }

    @Test
    void cefOverTcpArrivesFieldByField() throws Exception {
        Rsyslog r = plain();
        DeliverySink sink = sink(Map.of("logintelemetry.export.syslog.port", Integer.toString(r.tcpPort),
                "logintelemetry.export.syslog.protocol", "tcp", "logintelemetry.export.syslog.format", "cef"));
        List<Flag> flags = flags(20);
        flags.forEach(f -> sink.publish(f, true));
        await("20 messages in rsyslog's file", () -> {
            try {
                return r.lines().size() >= 20;
            } catch (Exception e) {
                return false;
            }
        });
        Map<String, String[]> got = received(r, "cef");
        assertThat(r.lines()).hasSize(20); // the hostile flag forged no extra record
        for (Flag f : flags) {
            String[] line = got.get(cefValue(f.id()));
            assertThat(line).as("flag %s received", f.id()).isNotNull();
            assertThat(line[1]).isEqualTo("logintelemetry");
            assertThat(line[2]).isEqualTo("flag");
            Cef cef = Cef.parse(line[3]);
            assertThat(cef.header().get(4)).isEqualTo(f.signal().id());
            assertThat(cef.header().get(6)).isEqualTo(f == flags.get(19) ? "10" : "8");
            assertThat(cef.extension().get("suser")).isEqualTo(cefValue(f.account()));
            assertThat(cef.extension().get("src")).isEqualTo(f.ip());
            assertThat(cef.extension().get("msg")).isEqualTo(cefValue(f.summary()));
            assertThat(cef.extension().get("rt")).isEqualTo(Long.toString(f.timestamp()));
            assertThat(cef.extension().get("act")).isEqualTo(f.action().wireName());
            assertThat(cef.extension().get("cs1")).isEqualTo(cefValue(f.session()));
            JsonNode evidence = JSON.readTree(cef.extension().get("cs3"));
            assertThat(evidence.size()).isEqualTo(f.evidence().values().size());
        }
        assertThat(got.get("flag-0")[0]).isEqualTo("node-1");
        assertThat(sink.delivered()).isEqualTo(20);
    }

    @Test
    void jsonOverUdpArrives() throws Exception {
        Rsyslog r = plain();
        DeliverySink sink = sink(Map.of("logintelemetry.export.syslog.port", Integer.toString(r.udpPort),
                "logintelemetry.export.syslog.protocol", "udp", "logintelemetry.export.syslog.format", "json"));
        List<Flag> flags = flags(5);
        flags.forEach(f -> sink.publish(f, true));
        await("5 messages", () -> {
            try {
                return r.lines().size() >= 5;
            } catch (Exception e) {
                return false;
            }
        });
        Map<String, String[]> got = received(r, "json");
        for (Flag f : flags) {
            JsonNode json = JSON.readTree(got.get(f.id().replace('\uD800', '\uFFFD'))[3]);
            assertThat(json.path("account").asText()).isEqualTo(f.account().replace('\uD800', '\uFFFD'));
            assertThat(json.path("signal").asText()).isEqualTo(f.signal().id());
            assertThat(json.path("summary").asText()).isEqualTo(f.summary().replace('\uD800', '\uFFFD'));
        }
    }

    @Test
    void leefOverTlsArrivesAndAnUntrustedServerGetsNothing() throws Exception {
        TestCertificates certs = TestCertificates.create(Files.createDirectories(dir.resolve("certs")));
        Rsyslog r = Rsyslog.tls(Files.createDirectories(dir.resolve("rsyslog-tls")), certs.ca(), certs.serverCert(), certs.serverKey());
        toClose.add(r);
        DeliverySink sink = sink(Map.of("logintelemetry.export.syslog.port", Integer.toString(r.tcpPort),
                "logintelemetry.export.syslog.protocol", "tls", "logintelemetry.export.syslog.format", "leef",
                "logintelemetry.export.tls.trust-store", certs.trustStore().toString(),
                "logintelemetry.export.tls.trust-store-password", certs.trustStorePassword()));
        List<Flag> flags = flags(10);
        flags.forEach(f -> sink.publish(f, true));
        await("10 messages over TLS", () -> {
            try {
                return r.lines().size() >= 10;
            } catch (Exception e) {
                return false;
            }
        });
        Map<String, String[]> got = received(r, "leef");
        assertThat(got).hasSize(10);
        for (Flag f : flags.subList(0, 9)) {
            Map<String, String> attrs = leef(got.get(f.id())[3]);
            assertThat(attrs.get("eventId")).isEqualTo(f.signal().id());
            assertThat(attrs.get("usrName")).isEqualTo(f.account());
            assertThat(attrs.get("src")).isEqualTo(f.ip());
            assertThat(attrs.get("summary")).isEqualTo(f.summary());
            assertThat(attrs.get("sev")).isEqualTo("8");
        }

        // The JDK's trust store does not know the test CA: nothing is sent, the flag stays spooled.
        Map<String, String> untrusted = new HashMap<>();
        untrusted.put("logintelemetry.export.spool.directory", dir.resolve("spool2").toString());
        untrusted.put("logintelemetry.export.syslog.host", "127.0.0.1");
        untrusted.put("logintelemetry.export.syslog.port", Integer.toString(r.tcpPort));
        untrusted.put("logintelemetry.export.syslog.protocol", "tls");
        untrusted.put("logintelemetry.export.retry.initial-backoff", "20ms");
        untrusted.put("logintelemetry.export.retry.max-backoff", "100ms");
        DeliverySink refused = (DeliverySink) new ExportProvider().create(LoginTelemetryConfig.from(untrusted), "/other").get(0);
        toClose.add(refused::close);
        refused.publish(TestFlags.plain("never", "u", "203.0.113.1"), true);
        await("several failed attempts", () -> refused.counters().get(("syslog.failed-attempts")) >= 2);
        assertThat(refused.delivered()).isZero();
        assertThat(refused.pending()).isEqualTo(1);
        assertThat(r.lines()).hasSize(10);
    }

    @Test
    void flagsRaisedWhileRsyslogIsDownArriveWhenItIsBack() throws Exception {
        Rsyslog first = plain();
        int port = first.tcpPort;
        first.close();
        toClose.remove(first);
        DeliverySink sink = sink(Map.of("logintelemetry.export.syslog.port", Integer.toString(port),
                "logintelemetry.export.syslog.protocol", "tcp"));
        List<Flag> flags = flags(15);
        flags.forEach(f -> sink.publish(f, true));
        await("spooled and failing", () -> sink.spooled() == 15 && sink.counters().get("syslog.failed-attempts") >= 2);
        // rsyslog comes back on the same port.
        Rsyslog back = Rsyslog.plainOnPort(Files.createDirectories(dir.resolve("rsyslog-back")), port);
        toClose.add(back);
        await("15 messages after the outage", () -> {
            try {
                return back.lines().size() >= 15;
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(received(back, "cef").keySet()).containsAll(flags.subList(0, 14).stream().map(Flag::id).toList());
    }
}
