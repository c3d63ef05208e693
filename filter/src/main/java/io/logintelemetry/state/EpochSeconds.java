package io.logintelemetry.state;

/**
 * Event times stored as {@code int} seconds since 2020-01-01 UTC instead of {@code long} epoch ms:
 * half the size in state that is kept per IP address and per key, and enough for 1952-2088. A time
 * is rounded down to its second, so a window edge is exact to the second (the windows are minutes to
 * days long); times outside the range are clamped.
 */
final class EpochSeconds {

    /** 2020-01-01T00:00:00Z in epoch seconds. */
    private static final long BASE = 1_577_836_800L;

    private EpochSeconds() {
    }

    static int of(long epochMillis) {
        long s = Math.floorDiv(epochMillis, 1000L) - BASE;
        return (int) Math.max(Integer.MIN_VALUE + 1, Math.min(Integer.MAX_VALUE, s));
    }

    static long toMillis(int seconds) {
        return (seconds + BASE) * 1000L;
    }
}
