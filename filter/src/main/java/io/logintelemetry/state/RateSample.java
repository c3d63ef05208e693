package io.logintelemetry.state;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A streaming estimate of the median rate of one category and currency, in fixed memory: a uniform
 * reservoir sample of at most {@value #SIZE} rates (Vitter's algorithm R). The median of the sample
 * estimates the median of every rate seen, within a few percent at this size, which is all a "far
 * below the market" rule needs. The sampler's random numbers are seeded from the key, so a replay
 * of the same events gives the same estimate. Thread-safe by synchronising on the instance.
 */
public final class RateSample {

    static final int SIZE = 255;

    private final double[] sample = new double[SIZE];
    private final SplittableRandom random;
    private long seen;

    RateSample(String key) {
        this.random = new SplittableRandom(key.hashCode());
    }

    /** Adds a rate. */
    public synchronized void add(double rate) {
        if (seen < SIZE) {
            sample[(int) seen] = rate;
        } else {
            long j = random.nextLong(seen + 1);
            if (j < SIZE) {
                sample[(int) j] = rate;
            }
        }
        seen++;
    }

    /** Rates seen so far. */
    public synchronized long count() {
        return seen;
    }

    /** The estimated median, or NaN before the first rate. */
    public synchronized double median() {
        int n = (int) Math.min(seen, SIZE);
        if (n == 0) {
            return Double.NaN;
        }
        double[] sorted = Arrays.copyOf(sample, n);
        Arrays.sort(sorted);
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    // ---- binary form (StateCodec); the caller holds this object's monitor ----

    void write(java.io.DataOutput out, String key) throws java.io.IOException {
        StateCodec.writeString(out, key);
        out.writeLong(seen);
        int n = (int) Math.min(seen, SIZE);
        for (int i = 0; i < n; i++) {
            out.writeDouble(sample[i]);
        }
    }

    /**
     * A restored sample. Its random sequence starts afresh (seeded from the key and the count), so a
     * replay across a restart keeps other values than one without, never more or fewer of them.
     */
    static RateSample read(java.io.DataInput in, String[] key) throws java.io.IOException {
        String k = StateCodec.readString(in);
        StateCodec.check(k != null, "rate without key");
        long seen = in.readLong();
        StateCodec.check(seen >= 0, "rate count");
        RateSample r = new RateSample(k + '\u0000' + seen);
        r.seen = seen;
        int n = (int) Math.min(seen, SIZE);
        for (int i = 0; i < n; i++) {
            r.sample[i] = in.readDouble();
        }
        key[0] = k;
        return r;
    }
}
