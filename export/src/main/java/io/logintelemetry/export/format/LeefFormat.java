package io.logintelemetry.export.format;

import io.logintelemetry.flag.Flag;
import io.logintelemetry.net.IpAddress;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * IBM QRadar Log Event Extended Format, LEEF 2.0, attributes separated by a caret (declared in
 * the header, as LEEF 2.0 allows). Not TAB, the LEEF 1.0 default: syslog relays such as rsyslog
 * escape control characters on receipt by default ({@code #011}), which would glue every attribute
 * together. Predefined attributes where they exist ({@code devTime}, {@code sev}, {@code cat},
 * {@code usrName}, {@code src}), our own names for the rest.
 *
 * <p>LEEF has no escape for its delimiter in values, so a caret in a value becomes the fullwidth
 * circumflex U+FF3E, and every control character a space (CR and LF too: a record is one line);
 * unpaired surrogates become U+FFFD. In the header, backslash and pipe are escaped with a backslash.
 */
public final class LeefFormat implements FlagFormat {

    private static final char DELIMITER = '^';
    private static final String TIME_PATTERN = "yyyy-MM-dd'T'HH:mm:ss.SSSX";
    /** Always with milliseconds, as devTimeFormat says (Instant.toString drops zero fractions). */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern(TIME_PATTERN).withZone(ZoneOffset.UTC);

    @Override
    public String format(Flag f) {
        StringBuilder b = new StringBuilder(512);
        b.append("LEEF:2.0|");
        CefFormat.header(b, "LoginTelemetry").append('|');
        CefFormat.header(b, "LoginTelemetry").append('|');
        CefFormat.header(b, FlagFormat.productVersion()).append('|');
        CefFormat.header(b, f.signal().id()).append('|');
        b.append(DELIMITER).append('|');
        attr(b, "devTime", TIME.format(Instant.ofEpochMilli(f.timestamp())));
        attr(b, "devTimeFormat", TIME_PATTERN);
        attr(b, "sev", Integer.toString(Severities.cef(f.severity())));
        attr(b, "cat", f.signal().id());
        attr(b, "flagId", f.id());
        attr(b, "usrName", f.account());
        if (f.ip() != null) {
            attr(b, IpAddress.parse(f.ip()).isPresent() ? "src" : "srcPseudonym", f.ip());
        }
        attr(b, "summary", f.summary());
        attr(b, "action", f.action().wireName());
        if (f.node() != null) {
            attr(b, "node", f.node());
        }
        if (f.session() != null) {
            attr(b, "session", f.session());
        }
        if (f.device() != null) {
            attr(b, "device", f.device());
        }
        attr(b, "evidence", CefFormat.evidenceJson(f));
        b.setLength(b.length() - 1);
        return b.toString();
    }

    private static void attr(StringBuilder b, String key, String value) {
        b.append(key).append('=');
        String s = Text.wellFormed(value);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c == DELIMITER ? '\uFF3E' : Text.isControl(c) ? ' ' : c);
        }
        b.append(DELIMITER);
    }
}
