package io.logintelemetry.export.pseudonym;

import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.engine.Engine;
import io.logintelemetry.event.Event;
import io.logintelemetry.event.EventReader;
import io.logintelemetry.event.ParsedLine;
import io.logintelemetry.export.ExportProvider;
import io.logintelemetry.export.delivery.DeliverySink;
import io.logintelemetry.export.format.CefFormat;
import io.logintelemetry.export.format.EcsFormat;
import io.logintelemetry.export.format.FlagFormat;
import io.logintelemetry.export.format.HecFormat;
import io.logintelemetry.export.format.JsonFormat;
import io.logintelemetry.export.format.LeefFormat;
import io.logintelemetry.export.syslog.SyslogFormat;
import io.logintelemetry.flag.Flag;
import io.logintelemetry.flag.Signal;
import io.logintelemetry.sink.FlagSink;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled sample data (every cast account, marketplace events on) through the real engine and
 * detectors, then every flag through every format and through the spool with pseudonymisation on:
 * no account id or address of the input, the flag's own or another account's (a reviewer, a message
 * recipient, members of a linked group, accounts sharing an address or device), may survive anywhere.
 */
class EverySignalPseudonymisedTest {

    private static final Path SAMPLE = Path.of("..", "sample-data", "events.jsonl");
    private static final String KEY = "every-signal-test-key-0123456789";

    /** Signals whose flags name accounts or addresses beyond the flag's own, that the sample must raise. */
    private static final Set<Signal> NAMING_OTHERS = EnumSet.of(Signal.IP_CHURN, Signal.IP_FANOUT, Signal.DEVICE_FANOUT,
            Signal.SESSION_CONTEXT_CHANGE, Signal.REVIEW_COLLUSION, Signal.REVIEW_BURST, Signal.CLUSTER_LINKED_ACCOUNTS,
            Signal.MESSAGE_OFF_PLATFORM, Signal.MESSAGE_CRYPTO_PAYMENT, Signal.MESSAGE_TEMPLATE_REUSE,
            Signal.IDENTITY_SHARED_DOCUMENT, Signal.IDENTIFIER_SHARED_PAYOUT);

    private static final List<Flag> flags = new ArrayList<>();
    private static final Set<String> accounts = new TreeSet<>();
    private static final Set<String> addresses = new TreeSet<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void replay() throws IOException {
        List<Event> events = new ArrayList<>();
        try (EventReader reader = EventReader.open(SAMPLE)) {
            while (reader.hasNext()) {
                ParsedLine line = reader.next();
                if (!line.isMalformed()) {
                    events.add(line.event());
                }
            }
        }
        events.sort(Comparator.comparingLong(Event::timestamp).thenComparing(Event::account));
        Engine market = Engine.builder(LoginTelemetryConfig.from(Map.of("logintelemetry.marketplace.enabled", "true",
                "logintelemetry.hash.secret", "sample-test-secret-42",
                "logintelemetry.detector.message.off_platform.allow", "example-platform.jp"))).build();
        for (Event e : events) {
            flags.addAll(market.accept(e));
            accounts.add(e.account());
            for (String detail : List.of("to", "subject", "reviewer", "from")) {
                if (e.detail(detail) != null) {
                    accounts.add(e.detail(detail));
                }
            }
            if (e.ip() != null) {
                String ip = e.ip().toString();
                addresses.add(ip);
                if (ip.indexOf(':') < 0) {
                    // the /24 as networks appear in evidence ("203.0.113.0/24")
                    addresses.add(ip.substring(0, ip.lastIndexOf('.') + 1) + "0/24");
                }
            }
        }
    }

    @Test
    void theSampleRaisesEverySignalThatNamesOtherAccountsOrAddresses() {
        Set<Signal> raised = EnumSet.noneOf(Signal.class);
        flags.forEach(f -> raised.add(f.signal()));
        assertThat(raised).containsAll(NAMING_OTHERS);
        // The raw values are really there without pseudonymisation, so the test below can fail.
        String plain = String.join("\n", flags.stream().map(f -> new JsonFormat().format(f)).toList());
        assertThat(leaks(plain)).isNotEmpty();
    }

    @Test
    void noFormatCarriesARawAccountOrAddress() {
        Pseudonymiser p = new Pseudonymiser(KEY.getBytes(StandardCharsets.UTF_8), false);
        Pseudonymiser truncating = new Pseudonymiser(KEY.getBytes(StandardCharsets.UTF_8), true);
        List<FlagFormat> formats = List.of(new CefFormat(), new LeefFormat(), new EcsFormat(), new JsonFormat(),
                new HecFormat("logintelemetry:flag", ""), new SyslogFormat(4, new CefFormat()));
        for (Flag flag : flags) {
            for (Pseudonymiser ps : List.of(p, truncating)) {
                Flag out = ps.apply(flag);
                for (FlagFormat format : formats) {
                    String record = format.format(out);
                    assertThat(leaks(record)).as("%s %s in %s", flag.signal(), format.getClass().getSimpleName(), record)
                            .isEmpty();
                }
            }
        }
    }

    @Test
    void theSpoolCarriesNoRawAccountOrAddress() throws Exception {
        Map<String, String> s = new HashMap<>();
        s.put("logintelemetry.export.spool.directory", dir.resolve("spool").toString());
        try (ServerSocket closed = new ServerSocket(0)) {
            s.put("logintelemetry.export.webhook.url", "http://127.0.0.1:" + closed.getLocalPort() + "/down");
            s.put("logintelemetry.export.syslog.host", "127.0.0.1");
            s.put("logintelemetry.export.syslog.port", Integer.toString(closed.getLocalPort()));
        }
        s.put("logintelemetry.export.syslog.protocol", "tcp");
        s.put("logintelemetry.export.pseudonymise.enabled", "true");
        s.put("logintelemetry.export.pseudonymise.key", KEY);
        List<FlagSink> sinks = new ExportProvider().create(LoginTelemetryConfig.from(s), "/");
        try {
            for (Flag f : flags) {
                sinks.forEach(sink -> sink.publish(f, true));
            }
            long until = System.nanoTime() + 30_000_000_000L;
            while (sinks.stream().anyMatch(x -> ((DeliverySink) x).spooled() < flags.size()) && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertThat(sinks).allMatch(x -> ((DeliverySink) x).spooled() >= flags.size());
        } finally {
            sinks.forEach(FlagSink::close);
        }
        List<Path> segments;
        try (var walk = Files.walk(dir.resolve("spool"))) {
            segments = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(segments).isNotEmpty();
        for (Path segment : segments) {
            String bytes = new String(Files.readAllBytes(segment), StandardCharsets.ISO_8859_1);
            assertThat(leaks(bytes)).as(segment.toString()).isEmpty();
        }
    }

    /** The raw values found in {@code text}, each as a whole token (so "team-1" does not match "team-12"). */
    private static Set<String> leaks(String text) {
        Set<String> found = new TreeSet<>();
        for (String v : accounts) {
            if (text.contains(v) && Pattern.compile("(?<![A-Za-z0-9_.-])" + Pattern.quote(v) + "(?![A-Za-z0-9_-])").matcher(text).find()) {
                found.add(v);
            }
        }
        for (String v : addresses) {
            if (text.contains(v)) {
                found.add(v);
            }
        }
        return found;
    }
}
