package io.logintelemetry.export.format;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A CEF reader as a receiver would implement it from the spec, for the tests. */
public record Cef(List<String> header, Map<String, String> extension) {

    public static Cef parse(String line) {
        List<String> header = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        while (header.size() < 7) {
            char c = line.charAt(i++);
            if (c == '\\' && i < line.length() && (line.charAt(i) == '\\' || line.charAt(i) == '|')) {
                field.append(line.charAt(i++));
            } else if (c == '|') {
                header.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        // Extension: key=value pairs; a value runs until the space before the next unescaped key=.
        Map<String, String> ext = new LinkedHashMap<>();
        String rest = line.substring(i);
        List<int[]> keys = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:^| )([A-Za-z0-9_]+)=").matcher(rest);
        while (m.find()) {
            int eq = m.end() - 1;
            if (!escaped(rest, eq)) {
                keys.add(new int[] {m.start(1), eq});
            }
        }
        for (int k = 0; k < keys.size(); k++) {
            int valueStart = keys.get(k)[1] + 1;
            int valueEnd = k + 1 < keys.size() ? keys.get(k + 1)[0] - 1 : rest.length();
            ext.put(rest.substring(keys.get(k)[0], keys.get(k)[1]), unescape(rest.substring(valueStart, valueEnd)));
        }
        return new Cef(header, ext);
    }

    private static boolean escaped(String s, int at) {
        int backslashes = 0;
        for (int j = at - 1; j >= 0 && s.charAt(j) == '\\'; j--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    private static String unescape(String v) {
        StringBuilder b = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < v.length()) {
                char n = v.charAt(++i);
                b.append(switch (n) {
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> n;
                });
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
