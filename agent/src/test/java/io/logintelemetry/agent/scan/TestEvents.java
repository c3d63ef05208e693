package io.logintelemetry.agent.scan;

import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Generated event lines for scan tests, in which known signals fire: an account logging in from
 * five /24 networks within an hour ({@code ip.churn}), six accounts from one IP ({@code ip.fanout}),
 * three accounts on one device ({@code device.fanout}), and ordinary users who raise nothing.
 */
final class TestEvents {

    static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

    private TestEvents() {
    }

    static String line(Instant ts, String type, String account, String ip, String session, String extra) {
        StringBuilder b = new StringBuilder(160).append("{\"ts\":\"").append(ts).append("\",\"type\":\"").append(type)
                .append('"');
        if (account != null) {
            b.append(",\"account\":\"").append(account).append('"');
        }
        if (ip != null) {
            b.append(",\"ip\":\"").append(ip).append('"');
        }
        if (session != null) {
            b.append(",\"session\":\"").append(session).append('"');
        }
        if (extra != null) {
            b.append(',').append(extra);
        }
        return b.append('}').toString();
    }

    /** Lines that raise ip.churn, ip.fanout and device.fanout, with equal timestamps across accounts and types. */
    static List<String> suspicious() {
        List<String> lines = new ArrayList<>();
        for (int n = 0; n < 5; n++) {
            Instant t = T0.plus(Duration.ofMinutes(10L * n));
            lines.add(line(t, "login", "churner", "10.1." + n + ".5", "churn-" + n, null));
            // Same instant, same account, another type: ordered by type.
            lines.add(line(t, "request", "churner", "10.1." + n + ".5", "churn-" + n, "\"path\":\"/jobs\""));
        }
        for (int n = 1; n <= 6; n++) {
            // All at one instant: ordered by account.
            lines.add(line(T0.plus(Duration.ofMinutes(5)), "login", "fan-" + n, "198.51.100.9", "fan-s" + n, null));
        }
        for (int n = 1; n <= 3; n++) {
            lines.add(line(T0.plus(Duration.ofMinutes(20 + n)), "login", "dev-" + n, "10.2." + n + ".1", "dev-s" + n,
                    "\"device\":\"shared-device\""));
        }
        return lines;
    }

    /** Ordinary users: one address, one session a day, a couple of hours of work. */
    static List<String> ordinary(int users, int days) {
        List<String> lines = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            for (int d = 0; d < days; d++) {
                writeWorkday(lines::add, u, d, 6);
            }
        }
        return lines;
    }

    /** Functional form so large files can be streamed instead of held. */
    interface LineSink {
        void accept(String line) throws IOException;
    }

    static void writeWorkday(LineSink out, int user, int day, int requests) {
        String account = String.format("user-%05d", user);
        String ip = "10." + (100 + user / 250) + "." + (user % 250) + ".1";
        String session = account + "-d" + day;
        Instant start = T0.plus(Duration.ofDays(day)).plus(Duration.ofMinutes(37L * (user % 20)));
        try {
            out.accept(line(start, "login", account, ip, session, "\"ua\":\"" + UA + "\""));
            for (int r = 1; r <= requests; r++) {
                out.accept(line(start.plus(Duration.ofMinutes(4L * r)), "request", account, ip, session,
                        "\"ua\":\"" + UA + "\",\"path\":\"/jobs/" + (r * 7919 % 100000) + "\""));
            }
            out.accept(line(start.plus(Duration.ofMinutes(4L * requests + 1)), "logout", account, ip, session, null));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static final String UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36";

    static void writeLines(Writer out, List<String> lines) throws IOException {
        for (String l : lines) {
            out.write(l);
            out.write('\n');
        }
    }
}
