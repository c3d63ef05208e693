package io.logintelemetry.export.format;

import io.logintelemetry.flag.Flag;
import io.logintelemetry.net.IpAddress;

/**
 * ArcSight Common Event Format (CEF:0), mapped as in FLAGS.md: Signature ID = signal, Name = the
 * summary, Severity 3/5/8/10, {@code rt}, {@code suser}, {@code src}, {@code msg}, {@code externalId}.
 *
 * <p>Escaping follows the CEF rules: in the header, backslash and pipe are escaped; in extension
 * values, backslash, equals sign, CR ({@code \r}) and LF ({@code \n}). Other control characters,
 * which CEF gives no escape for, become a space, and unpaired surrogates U+FFFD: nothing can end
 * the record or start a forged one.
 *
 * <p>A pseudonymised address is no IP, so it goes to {@code cs4} ("sourcePseudonym") instead of
 * {@code src}, whose receivers parse it as an address.
 */
public final class CefFormat implements FlagFormat {

    private static final String VENDOR = "LoginTelemetry";
    private static final String PRODUCT = "LoginTelemetry";
    /** Receivers truncate long header names; the full summary is in msg. */
    private static final int MAX_NAME = 512;

    @Override
    public String format(Flag f) {
        StringBuilder b = new StringBuilder(512);
        b.append("CEF:0|");
        header(b, VENDOR).append('|');
        header(b, PRODUCT).append('|');
        header(b, FlagFormat.productVersion()).append('|');
        header(b, f.signal().id()).append('|');
        String name = f.summary().length() > MAX_NAME ? f.summary().substring(0, MAX_NAME) : f.summary();
        header(b, name).append('|');
        b.append(Severities.cef(f.severity())).append('|');
        ext(b, "rt", Long.toString(f.timestamp()));
        ext(b, "externalId", f.id());
        ext(b, "cat", f.signal().id());
        ext(b, "suser", f.account());
        if (f.ip() != null) {
            if (IpAddress.parse(f.ip()).isPresent()) {
                ext(b, "src", f.ip());
            } else {
                ext(b, "cs4Label", "sourcePseudonym");
                ext(b, "cs4", f.ip());
            }
        }
        ext(b, "msg", f.summary());
        ext(b, "act", f.action().wireName());
        if (f.node() != null) {
            ext(b, "dvchost", f.node());
        }
        if (f.session() != null) {
            ext(b, "cs1Label", "session");
            ext(b, "cs1", f.session());
        }
        if (f.device() != null) {
            ext(b, "cs2Label", "device");
            ext(b, "cs2", f.device());
        }
        ext(b, "cs3Label", "evidence");
        ext(b, "cs3", evidenceJson(f));
        b.setLength(b.length() - 1); // the last separating space
        return b.toString();
    }

    static String evidenceJson(Flag f) {
        return Json.evidence(f.evidence());
    }

    /** Header field: backslash and pipe escaped, controls to space. */
    static StringBuilder header(StringBuilder b, String value) {
        String s = Text.wellFormed(value);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' || c == '|') {
                b.append('\\').append(c);
            } else if (Text.isControl(c)) {
                b.append(' ');
            } else {
                b.append(c);
            }
        }
        return b;
    }

    /** One {@code key=value } extension pair: backslash, equals, CR and LF escaped, other controls to space. */
    static void ext(StringBuilder b, String key, String value) {
        b.append(key).append('=');
        String s = Text.wellFormed(value);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '=' -> b.append("\\=");
                case '\r' -> b.append("\\r");
                case '\n' -> b.append("\\n");
                default -> b.append(Text.isControl(c) ? ' ' : c);
            }
        }
        b.append(' ');
    }
}
