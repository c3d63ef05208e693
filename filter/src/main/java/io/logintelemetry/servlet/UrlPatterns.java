package io.logintelemetry.servlet;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Servlet-style URL patterns ({@code /path/*}, {@code *.ext}, {@code /exact}, {@code /}) matched
 * against a path inside the web application.
 *
 * <p>Every watched request is tested against the default exclude list (16 patterns), so the
 * patterns are sorted once by kind: a set of extensions answers all {@code *.ext} patterns with one
 * hash look-up of the text after the path's last dot, and exact paths with another.
 */
final class UrlPatterns {

    private final boolean empty;
    private final boolean matchesAll;
    /** Extensions of {@code *.ext} patterns (without the dot) that contain no dot themselves. */
    private final Set<String> extensions = new HashSet<>();
    /** Suffixes of {@code *.ext} patterns whose extension has a dot ({@code *.tar.gz}), tested with endsWith. */
    private final List<String> suffixes = new ArrayList<>();
    /** Prefixes of {@code /path/*} patterns, without the {@code /*}. */
    private final List<String> prefixes = new ArrayList<>();
    private final Set<String> exact = new HashSet<>();

    UrlPatterns(List<String> patterns) {
        boolean all = false;
        for (String p : patterns) {
            if (p.equals("/") || p.equals("/*")) {
                all = true;
            } else if (p.startsWith("*.")) {
                String ext = p.substring(2);
                if (ext.indexOf('.') < 0) {
                    extensions.add(ext);
                } else {
                    suffixes.add(p.substring(1));
                }
            } else if (p.endsWith("/*")) {
                prefixes.add(p.substring(0, p.length() - 2));
            } else {
                exact.add(p);
            }
        }
        this.empty = patterns.isEmpty();
        this.matchesAll = all;
    }

    boolean isEmpty() {
        return empty;
    }

    boolean matches(String path) {
        // Each set is asked only when it holds something: a look-up hashes the path (or its
        // extension) first, even in an empty set, and the default list has no exact paths.
        if (matchesAll || !exact.isEmpty() && exact.contains(path)) {
            return true;
        }
        if (!extensions.isEmpty()) {
            int dot = path.lastIndexOf('.');
            if (dot >= 0 && extensions.contains(path.substring(dot + 1))) {
                return true;
            }
        }
        for (String suffix : suffixes) {
            if (path.endsWith(suffix)) {
                return true;
            }
        }
        for (String prefix : prefixes) {
            if (path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/')) {
                return true;
            }
        }
        return false;
    }
}
