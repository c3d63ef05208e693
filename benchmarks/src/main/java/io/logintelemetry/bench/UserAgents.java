package io.logintelemetry.bench;

/**
 * A few real-world browser user agent strings. Benchmarks give each account one of them, so the
 * engine's user-agent classification runs on the same kind of input as in production (long strings
 * whose family is found by substring checks), not on a short placeholder.
 */
final class UserAgents {

    private static final String[] ALL = {
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
            "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
    };

    private UserAgents() {
    }

    /** The desktop/mobile browser user agent used by account number {@code account}. */
    static String forAccount(int account) {
        return ALL[Math.floorMod(account, ALL.length)];
    }

    /** A second user agent for the same account (e.g. its phone), different from {@link #forAccount}. */
    static String secondForAccount(int account) {
        return ALL[Math.floorMod(account + 1 + ALL.length / 2, ALL.length)];
    }
}
