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
}
