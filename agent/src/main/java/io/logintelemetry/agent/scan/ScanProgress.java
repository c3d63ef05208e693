package io.logintelemetry.agent.scan;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress on stderr for a person watching a terminal: events, events per second and percent, on
 * one line rewritten at most {@link #REFRESHES_PER_SECOND} times a second. Silent when disabled
 * (output piped, tests), so that logs and captured stderr stay clean.
 */
final class ScanProgress {

    private static final int REFRESHES_PER_SECOND = 4;
    private static final long REFRESH_NANOS = 1_000_000_000L / REFRESHES_PER_SECOND;
    // Reading the clock per event would cost more than the check saves.
    private static final int CHECK_EVERY = 4096;

    private final PrintWriter err;
    private final boolean enabled;
    private final long started = System.nanoTime();
    private long lastShown = started;
    private int calls;
    private boolean shownAny;

    ScanProgress(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    /** While reading: events so far and the share of input bytes consumed. */
    void reading(long events, long bytesRead, long totalBytes) {
        if (due()) {
            show("reading", events, totalBytes <= 0 ? 100 : 100.0 * bytesRead / totalBytes);
        }
    }

    /** While detecting: events fed to the engine out of all events. */
    void detecting(long done, long total) {
        if (due()) {
            show("detecting", done, total <= 0 ? 100 : 100.0 * done / total);
        }
    }

    /** Clears the progress line before the results are printed to the same terminal. */
    void finish() {
        if (enabled && shownAny) {
            err.print("\r" + " ".repeat(72) + "\r");
            err.flush();
        }
    }

    private boolean due() {
        if (!enabled || ++calls % CHECK_EVERY != 0) {
            return false;
        }
        long now = System.nanoTime();
        if (now - lastShown < REFRESH_NANOS) {
            return false;
        }
        lastShown = now;
        return true;
    }

    private void show(String phase, long events, double percent) {
        double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
        err.print(String.format(Locale.ROOT, "\r%-9s %,14d events  %,10.0f events/s  %5.1f%%", phase, events,
                events / seconds, Math.min(100.0, percent)));
        err.flush();
        shownAny = true;
    }
}
