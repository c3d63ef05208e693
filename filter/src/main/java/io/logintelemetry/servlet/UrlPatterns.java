package io.logintelemetry.servlet;

import java.util.List;

/**
 * Servlet-style URL patterns ({@code /path/*}, {@code *.ext}, {@code /exact}, {@code /}) matched
 * against a path inside the web application.
 */
final class UrlPatterns {

    private final List<String> patterns;

    UrlPatterns(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    boolean isEmpty() {
        return patterns.isEmpty();
    }

    boolean matches(String path) {
        for (String p : patterns) {
            if (matches(p, path)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String pattern, String path) {
        if (pattern.equals("/") || pattern.equals("/*")) {
            return true;
        }
        if (pattern.startsWith("*.")) {
            return path.endsWith(pattern.substring(1));
        }
        if (pattern.endsWith("/*")) {
            String prefix = pattern.substring(0, pattern.length() - 2);
            return path.equals(prefix) || path.startsWith(prefix + "/");
        }
        return path.equals(pattern);
    }
}
