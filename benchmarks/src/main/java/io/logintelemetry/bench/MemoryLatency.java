package io.logintelemetry.bench;

import java.util.SplittableRandom;

/**
 * The machine's cost of one dependent read from a random place in a large heap: the figure that
 * bounds {@link EngineThroughput} at 100,000 accounts, whose events each wait for a few such reads
 * (the account's table slot, the account, the address's slot). Run it next to the engine benchmark
 * to tell a slower build from a slower memory system: on a shared VM the latter moves by a third
 * from one hour to the next, and with it the engine's figure.
 *
 * <p>It walks one random cycle through an {@code int} array (each read gives the next index, so no
 * two reads overlap), and prints nanoseconds per read for a few passes. Usage:
 * {@code java -cp benchmarks.jar io.logintelemetry.bench.MemoryLatency [MiB, default 256]}; add
 * {@code -XX:+UseTransparentHugePages} to see the share of address translation (TLB misses).
 */
public final class MemoryLatency {

    private static final int READS_PER_PASS = 5_000_000;
    private static final int PASSES = 5;

    private MemoryLatency() {
    }

    public static void main(String[] args) {
        int mebibytes = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        if (mebibytes < 1 || mebibytes > 4096) {
            throw new IllegalArgumentException("MiB must be 1 to 4096, not " + mebibytes);
        }
        int[] next = randomCycle((int) (mebibytes * (1L << 20) / Integer.BYTES));
        int at = 0;
        for (int pass = 0; pass <= PASSES; pass++) {
            long start = System.nanoTime();
            for (int i = 0; i < READS_PER_PASS; i++) {
                at = next[at];
            }
            long elapsed = System.nanoTime() - start;
            if (pass > 0) { // the first pass only warms up the loop and the page tables
                System.out.printf("%.0f ns per dependent random read (%d MiB)%n",
                        elapsed / (double) READS_PER_PASS, mebibytes);
            }
        }
        if (at < 0) {
            System.out.println(at); // never: keeps the walk from being optimised away
        }
    }

    /** A single cycle through all {@code n} slots in random order: {@code next[i]} is the slot after {@code i}. */
    private static int[] randomCycle(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(1);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] next = new int[n];
        for (int i = 0; i < n; i++) {
            next[order[i]] = order[(i + 1) % n];
        }
        return next;
    }
}
