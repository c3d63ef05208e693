package io.logintelemetry.state;

import io.logintelemetry.text.NearDuplicateIndex;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The near-duplicate index of {@code message.template_reuse}: the MinHash signatures of the texts
 * sent within the window (event time), bounded by count. Only signatures are kept, never texts.
 * Made on the first signature, whose length it then expects. Thread-safe: the index serialises its
 * calls, each the bounded work of one text.
 */
public final class TextIndex {

    private final long window;
    private final double threshold;
    private final int maxEntries;
    private volatile NearDuplicateIndex index;

    TextIndex(long windowMillis, double threshold, int maxEntries) {
        this.window = windowMillis;
        this.threshold = threshold;
        this.maxEntries = maxEntries;
    }

    /**
     * Adds the signature of a text {@code owner} sent at {@code time} and returns the other owners
     * who sent a near-duplicate within the window before it.
     */
    public Set<String> add(String owner, int[] signature, long time) {
        if (signature.length == 0) {
            return Set.of();
        }
        return index(signature.length).add(owner, signature, time);
    }

    /** The signatures held now, oldest first (for a snapshot). */
    List<NearDuplicateIndex.Held> held() {
        NearDuplicateIndex i = index;
        return i == null ? List.of() : i.held();
    }

    /** Puts back a signature from a snapshot. */
    void restore(String owner, int[] signature, long time) {
        if (signature.length > 0) {
            index(signature.length).restore(owner, signature, time);
        }
    }

    private NearDuplicateIndex index(int signatureLength) {
        NearDuplicateIndex i = index;
        if (i == null) {
            synchronized (this) {
                if (index == null) {
                    index = NearDuplicateIndex.builder().signatureLength(signatureLength).threshold(threshold)
                            .maxEntries(maxEntries).maxAge(Duration.ofMillis(window)).build();
                }
                i = index;
            }
        }
        return i;
    }
}
