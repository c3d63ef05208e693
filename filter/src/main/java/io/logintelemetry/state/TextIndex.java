package io.logintelemetry.state;

import io.logintelemetry.text.NearDuplicateIndex;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The near-duplicate index of {@code message.template_reuse} over a window of event time. A
 * {@link NearDuplicateIndex} is bounded by count, not time, so two of them take turns: each new text
 * goes into both the current and the previous half-window index, and every half window the previous
 * one is dropped and the current one becomes previous. A text is thus matched against the texts of
 * the last half window at least and of the whole window at most. Only MinHash signatures are kept,
 * never texts. Thread-safe: one lock, held for the bounded work of one text.
 */
public final class TextIndex {

    private final long half;
    private final double threshold;
    private final int maxEntries;
    private NearDuplicateIndex current;
    private NearDuplicateIndex previous;
    private long currentSince = Long.MIN_VALUE;

    TextIndex(long windowMillis, double threshold, int maxEntries) {
        this.half = Math.max(1, windowMillis / 2);
        this.threshold = threshold;
        this.maxEntries = maxEntries;
    }

    /**
     * Adds the signature of a text {@code owner} sent at {@code time} and returns the other owners
     * who sent a near-duplicate within the window.
     */
    public synchronized Set<String> add(String owner, int[] signature, long time) {
        if (signature.length == 0) {
            return Set.of();
        }
        if (current == null) {
            current = newIndex(signature.length);
            currentSince = time;
        } else if (time - currentSince >= half) {
            // Two half windows or more gone by: nothing of the old current is within the window either.
            previous = time - currentSince >= 2 * half ? null : current;
            current = newIndex(signature.length);
            currentSince = time;
        }
        Set<String> others = new LinkedHashSet<>();
        if (previous != null) {
            others.addAll(previous.add(owner, signature));
        }
        others.addAll(current.add(owner, signature));
        return others;
    }

    private NearDuplicateIndex newIndex(int length) {
        // Each index holds at most half the texts: together they stay within the configured bound.
        return NearDuplicateIndex.builder().signatureLength(length).threshold(threshold)
                .maxEntries(Math.max(1, maxEntries / 2)).build();
    }
}
