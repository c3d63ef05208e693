package io.logintelemetry.export.syslog;

import io.logintelemetry.export.format.FlagFormat;
import io.logintelemetry.flag.Flag;
import io.logintelemetry.flag.Severity;
import java.time.Instant;

/**
 * An RFC 5424 syslog message around a payload format (CEF, LEEF or JSON):
 * {@code <PRI>1 TIMESTAMP HOSTNAME logintelemetry - flag - MSG}. The timestamp is the flag's event
 * time; the host name is the node, reduced to the printable ASCII RFC 5424 allows. The payload
 * formats never contain a line break, so one flag is one syslog record whatever the framing.
 */
public final class SyslogFormat implements FlagFormat {

    public static final String APP_NAME = "logintelemetry";
    public static final String MSG_ID = "flag";

    private final int facility;
    private final FlagFormat payload;

    public SyslogFormat(int facility, FlagFormat payload) {
        this.facility = facility;
        this.payload = payload;
    }

    /** Syslog severities: high critical (2), medium warning (4), low notice (5), info informational (6). */
    static int severity(Severity s) {
        return switch (s) {
            case HIGH -> 2;
            case MEDIUM -> 4;
            case LOW -> 5;
            case INFO -> 6;
        };
    }

    @Override
    public String format(Flag f) {
        StringBuilder b = new StringBuilder(600);
        b.append('<').append(facility * 8 + severity(f.severity())).append(">1 ");
        b.append(Instant.ofEpochMilli(f.timestamp())).append(' ');
        b.append(hostname(f.node())).append(' ');
        b.append(APP_NAME).append(" - ").append(MSG_ID).append(" - ");
        b.append(payload.format(f));
        return b.toString();
    }

    static String hostname(String node) {
        if (node == null || node.isEmpty()) {
            return "-";
        }
        StringBuilder b = new StringBuilder(Math.min(node.length(), 255));
        for (int i = 0; i < node.length() && b.length() < 255; i++) {
            char c = node.charAt(i);
            b.append(c >= 33 && c <= 126 ? c : '_');
        }
        return b.toString();
    }
}
