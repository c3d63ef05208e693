package io.logintelemetry.text;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Remembers the MinHash signatures of recent texts and tells, for each new one, which other owners
 * (accounts) sent a near-duplicate. Locality-sensitive hashing over bands of the signature finds
 * candidates without comparing against every stored text; each candidate is then confirmed by its
 * estimated similarity.
 *
 * <p>Memory is bounded: at most {@link Builder#maxEntries(int) maxEntries} signatures are kept, the
 * oldest evicted first, and each band bucket keeps at most {@link Builder#maxBucketSize(int)}
 * entries, so that one text sent ten thousand times costs no more than the bucket. The owners
 * returned by one call are capped at {@value #MAX_RESULT_OWNERS}.
 *
 * <pre>{@code
 * MinHash minHash = new MinHash();
 * NearDuplicateIndex index = NearDuplicateIndex.builder().threshold(0.8).maxEntries(100_000).build();
 * Set<String> others = index.add("u1", minHash.signature(bidText));
 * }</pre>
 *
 * <p>Thread-safe: calls are serialised; each is CPU-only and bounded.
 */
public final class NearDuplicateIndex {

    static final int MAX_RESULT_OWNERS = 256;

    private final int bands;
    private final int rows;
    private final int signatureLength;
    private final double threshold;
    private final int maxEntries;
    private final int maxBucketSize;
    private final long maxAgeMillis;

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long latest = Long.MIN_VALUE;
    private final Map<Long, ArrayDeque<Entry>> buckets = new HashMap<>();

    private NearDuplicateIndex(Builder b) {
        this.signatureLength = b.signatureLength;
        this.bands = b.bands;
        this.rows = b.signatureLength / b.bands;
        this.threshold = b.threshold;
        this.maxEntries = b.maxEntries;
        this.maxBucketSize = b.maxBucketSize;
        this.maxAgeMillis = b.maxAgeMillis;
    }

    /** A builder with the defaults: 128-value signatures in 16 bands, similarity at least 0.8, 100,000 entries. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Adds the signature of a text sent by {@code owner} and returns the other owners whose stored
     * texts have an estimated similarity of at least the threshold with it. Without a time, entries
     * leave by count only.
     *
     * @param owner     who sent the text (an account id); not null
     * @param signature its {@link MinHash#signature(String) signature}; an empty one (text too short)
     *                  is neither stored nor matched
     * @return the other owners with a near-duplicate, oldest match first; empty when none
     * @throws IllegalArgumentException when a non-empty signature has the wrong length
     */
    public Set<String> add(String owner, int[] signature) {
        return add(owner, signature, Long.MIN_VALUE);
    }

    /**
     * As {@link #add(String, int[])}, for a text sent at {@code timeMillis} (event time): entries
     * older than {@link Builder#maxAge(Duration) maxAge} before the latest time seen are evicted,
     * and never matched.
     */
    public synchronized Set<String> add(String owner, int[] signature, long timeMillis) {
        Objects.requireNonNull(owner, "owner");
        if (signature == null || signature.length == 0) {
            return Set.of();
        }
        long oldest = advanceTo(signature, timeMillis);
        Entry entry = new Entry(owner, signature.clone(), bandKeys(signature), timeMillis);
        Set<String> owners = new LinkedHashSet<>();
        Set<Entry> checked = Collections.newSetFromMap(new IdentityHashMap<>());
        for (long key : entry.bandKeys) {
            ArrayDeque<Entry> bucket = buckets.get(key);
            if (bucket == null) {
                continue;
            }
            for (Entry other : bucket) {
                if (owners.size() >= MAX_RESULT_OWNERS) {
                    break;
                }
                if (other.owner.equals(owner) || owners.contains(other.owner) || !checked.add(other)) {
                    continue;
                }
                boolean inWindow = other.time == Long.MIN_VALUE || other.time >= oldest;
                if (inWindow && MinHash.similarity(signature, other.signature) >= threshold) {
                    owners.add(other.owner);
                }
            }
        }
        insert(entry, oldest);
        return owners.isEmpty() ? Set.of() : Collections.unmodifiableSet(owners);
    }

    /**
     * Puts back a signature saved from {@link #held()}, without looking for near-duplicates: for
     * restoring the index after a restart. Bounds and age apply as for {@link #add}.
     */
    public synchronized void restore(String owner, int[] signature, long timeMillis) {
        Objects.requireNonNull(owner, "owner");
        long oldest = advanceTo(signature, timeMillis);
        insert(new Entry(owner, signature.clone(), bandKeys(signature), timeMillis), oldest);
    }

    /**
     * The signatures held now, oldest first, for saving the index. The arrays are the index's own,
     * which it never changes; callers must not change them either.
     */
    public synchronized List<Held> held() {
        List<Held> out = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            out.add(new Held(e.owner, e.signature, e.time));
        }
        return out;
    }

    /** One signature held: whose text, and when it was sent ({@link Long#MIN_VALUE} when not known). */
    public record Held(String owner, int[] signature, long timeMillis) {
    }

    /** Checks the signature's length, moves the latest time on, and returns the oldest time still in the window. */
    private long advanceTo(int[] signature, long timeMillis) {
        if (signature.length != signatureLength) {
            throw new IllegalArgumentException(
                    "signature has " + signature.length + " values, the index expects " + signatureLength);
        }
        if (timeMillis != Long.MIN_VALUE && timeMillis > latest) {
            latest = timeMillis;
        }
        return maxAgeMillis > 0 && latest != Long.MIN_VALUE ? latest - maxAgeMillis : Long.MIN_VALUE;
    }

    /** Signatures held now. */
    public synchronized int size() {
        return entries.size();
    }

    /** Band buckets held now (for tests of the memory bound). */
    synchronized int bucketCount() {
        return buckets.size();
    }

    /** The similarity threshold. */
    public double threshold() {
        return threshold;
    }

    private void insert(Entry entry, long oldest) {
        entries.addLast(entry);
        for (long key : entry.bandKeys) {
            ArrayDeque<Entry> bucket = buckets.computeIfAbsent(key, k -> new ArrayDeque<>(2));
            if (bucket.size() >= maxBucketSize) {
                // The entry stays in its other buckets (and in the eviction order) until it is evicted.
                bucket.removeFirst();
            }
            bucket.addLast(entry);
        }
        while (entries.size() > maxEntries) {
            evict(entries.removeFirst());
        }
        // Entries come in about time order, so the expired ones are at the head.
        while (!entries.isEmpty() && entries.peekFirst().time != Long.MIN_VALUE && entries.peekFirst().time < oldest) {
            evict(entries.removeFirst());
        }
    }

    private void evict(Entry old) {
        for (long key : old.bandKeys) {
            ArrayDeque<Entry> bucket = buckets.get(key);
            if (bucket != null) {
                // Oldest first: the evicted entry is at or near the head of each bucket.
                bucket.removeFirstOccurrence(old);
                if (bucket.isEmpty()) {
                    buckets.remove(key);
                }
            }
        }
    }

    private long[] bandKeys(int[] signature) {
        long[] keys = new long[bands];
        for (int b = 0; b < bands; b++) {
            long h = 0x9e3779b97f4a7c15L * (b + 1);
            for (int r = 0; r < rows; r++) {
                h = MinHash.mix(h ^ signature[b * rows + r]);
            }
            keys[b] = h;
        }
        return keys;
    }

    private static final class Entry {
        final String owner;
        final int[] signature;
        final long[] bandKeys;
        final long time;

        Entry(String owner, int[] signature, long[] bandKeys, long time) {
            this.owner = owner;
            this.signature = signature;
            this.bandKeys = bandKeys;
            this.time = time;
        }
    }

    /** Builds a {@link NearDuplicateIndex}. */
    public static final class Builder {

        private int signatureLength = MinHash.DEFAULT_HASHES;
        private int bands = 16;
        private double threshold = 0.8;
        private int maxEntries = 100_000;
        private int maxBucketSize = 64;
        private long maxAgeMillis;

        private Builder() {
        }

        /**
         * How long a text counts, in event time (none by default): with times given to
         * {@link NearDuplicateIndex#add(String, int[], long)}, older entries are evicted and never matched.
         */
        public Builder maxAge(Duration maxAge) {
            if (maxAge.isNegative() || maxAge.isZero()) {
                throw new IllegalArgumentException("maxAge must be positive: " + maxAge);
            }
            this.maxAgeMillis = maxAge.toMillis();
            return this;
        }

        /** The length of the signatures added (default 128, as {@link MinHash#MinHash()}). */
        public Builder signatureLength(int length) {
            if (length < 16 || length > 1024) {
                throw new IllegalArgumentException("signatureLength must be between 16 and 1024: " + length);
            }
            this.signatureLength = length;
            return this;
        }

        /**
         * LSH bands (default 16); must divide the signature length. More bands find pairs of lower
         * similarity as candidates, at more work: with b bands of r rows the candidate threshold is
         * about (1/b)^(1/r), 0.71 for 16 bands of 8.
         */
        public Builder bands(int bands) {
            if (bands < 1) {
                throw new IllegalArgumentException("bands must be positive: " + bands);
            }
            this.bands = bands;
            return this;
        }

        /** The estimated similarity at which two texts count as near-duplicates (default 0.8). */
        public Builder threshold(double threshold) {
            if (!(threshold > 0 && threshold <= 1)) {
                throw new IllegalArgumentException("threshold must be in (0, 1]: " + threshold);
            }
            this.threshold = threshold;
            return this;
        }

        /** Signatures kept at most (default 100,000); the oldest goes first. */
        public Builder maxEntries(int maxEntries) {
            if (maxEntries < 1) {
                throw new IllegalArgumentException("maxEntries must be positive: " + maxEntries);
            }
            this.maxEntries = maxEntries;
            return this;
        }

        /** Entries kept per band bucket (default 64): bounds the work for a text repeated very often. */
        public Builder maxBucketSize(int maxBucketSize) {
            if (maxBucketSize < 1) {
                throw new IllegalArgumentException("maxBucketSize must be positive: " + maxBucketSize);
            }
            this.maxBucketSize = maxBucketSize;
            return this;
        }

        /** The index. */
        public NearDuplicateIndex build() {
            if (signatureLength % bands != 0) {
                throw new IllegalArgumentException(
                        "bands (" + bands + ") must divide the signature length (" + signatureLength + ")");
            }
            return new NearDuplicateIndex(this);
        }
    }
}
