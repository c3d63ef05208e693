package io.logintelemetry.detect;

/**
 * Reduces a user agent string to its family, "browser on OS" ({@code Chrome on Windows}), so that a
 * browser update is no change of hands while a switch from a Windows browser to a Linux one is.
 *
 * <p>This is deliberately coarse: a handful of substring checks in a fixed order, no regular
 * expressions, no allocation once a user agent is known (the family names are constants). It answers
 * for the request thread in nanoseconds and never fails on odd input.
 */
public final class UserAgentFamily {

    private static final String[] BROWSERS = {
            "Edge", "Opera", "Samsung Internet", "Chrome", "Firefox", "Safari",
            "curl", "Wget", "python-requests", "Java", "okhttp", "Go http client", "Postman", "other agent"};
    private static final String[] SYSTEMS = {"Windows", "Android", "iOS", "macOS", "ChromeOS", "Linux", "unknown OS"};
    private static final String[][] NAMES = new String[BROWSERS.length][SYSTEMS.length];

    static {
        for (int b = 0; b < BROWSERS.length; b++) {
            for (int s = 0; s < SYSTEMS.length; s++) {
                NAMES[b][s] = BROWSERS[b] + " on " + SYSTEMS[s];
            }
        }
    }

    private UserAgentFamily() {
    }

    /**
     * The last families worked out, by the user agent's hash: a site sees a few hundred distinct user
     * agents, each on thousands of requests, and a dozen substring scans of a 120-character header cost
     * more than hashing it once. Each entry is an immutable pair, so racing threads at worst redo the
     * scans; the slots bound what is kept.
     */
    private static final Known[] KNOWN = new Known[1024];
    /** Longer values are classified every time rather than kept (they are odd, and rare). */
    private static final int MAX_KNOWN_LENGTH = 512;

    private record Known(String userAgent, String family) {
    }

    /** The family of {@code userAgent}, or null when there is none. */
    public static String of(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return null;
        }
        if (userAgent.length() > MAX_KNOWN_LENGTH) {
            return NAMES[browser(userAgent)][system(userAgent)];
        }
        int slot = userAgent.hashCode() & (KNOWN.length - 1);
        Known known = KNOWN[slot];
        if (known != null && known.userAgent().equals(userAgent)) {
            return known.family();
        }
        String family = NAMES[browser(userAgent)][system(userAgent)];
        KNOWN[slot] = new Known(userAgent, family);
        return family;
    }

    private static int browser(String ua) {
        // Order matters: Edge and Opera also say Chrome; Chrome also says Safari.
        if (ua.contains("Edg/") || ua.contains("EdgA/") || ua.contains("EdgiOS/")) return 0;
        if (ua.contains("OPR/") || ua.contains("Opera")) return 1;
        if (ua.contains("SamsungBrowser/")) return 2;
        if (ua.contains("Chrome/") || ua.contains("CriOS/") || ua.contains("Chromium/")) return 3;
        if (ua.contains("Firefox/") || ua.contains("FxiOS/")) return 4;
        if (ua.contains("Safari/") || ua.contains("AppleWebKit/")) return 5;
        if (ua.startsWith("curl/")) return 6;
        if (ua.startsWith("Wget/")) return 7;
        if (ua.startsWith("python-requests/") || ua.startsWith("Python-urllib/")) return 8;
        if (ua.startsWith("Java/") || ua.startsWith("Java-http-client/")) return 9;
        if (ua.startsWith("okhttp/")) return 10;
        if (ua.startsWith("Go-http-client/")) return 11;
        if (ua.startsWith("PostmanRuntime/")) return 12;
        return 13;
    }

    private static int system(String ua) {
        if (ua.contains("Windows")) return 0;
        if (ua.contains("Android")) return 1;
        if (ua.contains("iPhone") || ua.contains("iPad") || ua.contains("iPod")) return 2;
        if (ua.contains("Mac OS X") || ua.contains("Macintosh")) return 3;
        if (ua.contains("CrOS")) return 4;
        if (ua.contains("Linux") || ua.contains("X11")) return 5;
        return 6;
    }
}
