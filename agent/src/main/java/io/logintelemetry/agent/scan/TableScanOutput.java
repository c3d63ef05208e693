package io.logintelemetry.agent.scan;

import io.logintelemetry.engine.AccountSummary;
import io.logintelemetry.flag.Flag;
import io.logintelemetry.flag.RiskLevel;
import io.logintelemetry.flag.Signal;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The scan's output for a terminal: the same flags, accounts and summary as the JSON Lines output,
 * in aligned columns. Columns have fixed widths so that flags can be printed as they are raised;
 * longer values are cut with an ellipsis, and control characters are shown escaped so that a
 * crafted account name cannot rewrite the screen.
 */
final class TableScanOutput implements ScanOutput {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String FLAG_ROW = "%-20s  %-24s  %-8s  %-24s  %-15s  %s%n";
    private static final String ACCOUNT_ROW = "%5s  %-6s  %-24s  %-20s  %-20s  %s%n";
    private static final String SUMMARY_ROW = "%-18s %s%n";

    private final PrintWriter out;
    private long flags;
    private long accounts;

    TableScanOutput(Writer out) {
        this.out = new PrintWriter(out);
        this.out.printf("FLAGS%n");
        this.out.printf(FLAG_ROW, "TIME (UTC)", "SIGNAL", "SEVERITY", "ACCOUNT", "IP", "SUMMARY");
    }

    @Override
    public void flag(Flag f) {
        flags++;
        out.printf(FLAG_ROW, TIME.format(Instant.ofEpochMilli(f.timestamp())), f.signal().id(), f.severity().wireName(),
                cell(f.account(), 24), cell(f.ip() == null ? "-" : f.ip(), 15), cell(f.summary(), 200));
    }

    @Override
    public void beginAccounts() {
        if (flags == 0) {
            out.printf("(no flags)%n");
        }
        out.printf("%nFLAGGED ACCOUNTS (highest score first)%n");
        out.printf(ACCOUNT_ROW, "SCORE", "LEVEL", "ACCOUNT", "FIRST SEEN (UTC)", "LAST SEEN (UTC)", "SIGNALS");
    }

    @Override
    public void account(AccountSummary a) {
        accounts++;
        out.printf(ACCOUNT_ROW, a.score(), a.level().wireName(), cell(a.account(), 24), time(a.firstSeen()),
                time(a.lastSeen()), a.signals().stream().map(Signal::id).collect(Collectors.joining(", ")));
        if (!a.linkedAccounts().isEmpty()) {
            out.printf("%5s  %-6s  linked with %s%n", "", "", cell(String.join(", ", a.linkedAccounts()), 400));
        }
    }

    @Override
    public void summary(ScanSummary s) {
        if (accounts == 0) {
            out.printf("(none)%n");
        }
        out.printf("%nSUMMARY%n");
        out.printf(SUMMARY_ROW, "Files", cell(String.join(", ", s.files()), 400));
        out.printf(SUMMARY_ROW, "Events read", number(s.eventsRead()));
        out.printf(SUMMARY_ROW, "Events skipped", number(s.eventsSkipped())
                + (s.eventsSkipped() > s.skipped().size() ? " (first " + s.skipped().size() + " below)" : ""));
        for (SkippedLines.Skipped k : s.skipped()) {
            out.printf("  %s  %s%n", cell(k.file() + ":" + k.line(), 60), cell(k.reason(), 200));
        }
        out.printf(SUMMARY_ROW, "Accounts seen", number(s.accountsSeen()));
        out.printf(SUMMARY_ROW, "Accounts by level", java.util.Arrays.stream(RiskLevel.values())
                .map(l -> l.wireName() + " " + number(s.accountsByLevel().getOrDefault(l, 0L)))
                .collect(Collectors.joining(", ")));
        out.printf(SUMMARY_ROW, "Flags", number(s.flags()));
        for (Map.Entry<String, Long> e : s.flagsBySignal().entrySet()) {
            out.printf("  %-24s %s%n", e.getKey(), number(e.getValue()));
        }
        out.printf(SUMMARY_ROW, "Elapsed", String.format(Locale.ROOT, "%.1f s", s.elapsedMillis() / 1000.0));
    }

    private static String time(long millis) {
        return millis == Long.MIN_VALUE ? "-" : TIME.format(Instant.ofEpochMilli(millis));
    }

    private static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** The value on one line within {@code width} characters. */
    static String cell(String value, int width) {
        StringBuilder b = new StringBuilder(Math.min(value.length(), width) + 8);
        for (int i = 0; i < value.length() && b.length() <= width; i++) {
            char c = value.charAt(i);
            if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else if (c == '\t') {
                b.append("\\t");
            } else if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (b.length() > width) {
            b.setLength(width - 1);
            if (b.length() > 0 && Character.isHighSurrogate(b.charAt(b.length() - 1))) {
                b.setLength(b.length() - 1);
            }
            b.append('…');
        }
        return b.toString();
    }

    @Override
    public void close() throws IOException {
        out.flush();
    }
}
