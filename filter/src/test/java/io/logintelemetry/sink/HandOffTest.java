package io.logintelemetry.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HandOffTest {

    @Test
    void refusesWhatExceedsTheCapacityOrTheGivenLimit() {
        HandOff<Integer> handOff = new HandOff<>(2);
        assertThat(handOff.offer(1)).isTrue();
        assertThat(handOff.offer(2)).isTrue();
        assertThat(handOff.offer(3)).as("full").isFalse();
        assertThat(handOff.offer(3, 3)).as("within a larger limit (a reserve)").isTrue();
        assertThat(handOff.offer(4, 3)).isFalse();
        assertThat(handOff.unfinished()).isEqualTo(3);
        assertThatThrownBy(() -> new HandOff<>(0)).hasMessageContaining("capacity");
    }

    @Test
    void anItemCountsUntilTheWorkerIsDoneWithIt() {
        HandOff<String> handOff = new HandOff<>(1);
        handOff.offer("a");
        assertThat(handOff.poll()).isEqualTo("a");
        assertThat(handOff.isEmpty()).isTrue();
        assertThat(handOff.unfinished()).as("in the worker's hands").isEqualTo(1);
        assertThat(handOff.offer("b")).as("still full").isFalse();
        handOff.done();
        assertThat(handOff.unfinished()).isZero();
        assertThat(handOff.offer("b")).isTrue();
    }

    @Test
    void aTimedPollWithNothingOfferedReturnsNullAfterItsTimeout() throws Exception {
        HandOff<String> handOff = new HandOff<>(1);
        long start = System.nanoTime();
        assertThat(handOff.poll(30, TimeUnit.MILLISECONDS)).isNull();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(30));
    }

    @Test
    void aSleepingWorkerIsWokenByTheNextOffer() throws Exception {
        HandOff<String> handOff = new HandOff<>(4);
        Thread.sleep(100); // idle long enough that the worker sleeps instead of napping
        CountDownLatch polling = new CountDownLatch(1);
        CompletableFuture<Long> tookNanos = CompletableFuture.supplyAsync(() -> {
            polling.countDown();
            try {
                long start = System.nanoTime();
                String item = handOff.poll(60, TimeUnit.SECONDS);
                return item == null ? -1L : System.nanoTime() - start;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        polling.await();
        Thread.sleep(200);
        handOff.offer("wake");
        long nanos = tookNanos.get(30, TimeUnit.SECONDS);
        assertThat(nanos).as("woken by the offer, long before the 60 s timeout").isPositive()
                .isLessThan(TimeUnit.SECONDS.toNanos(20));
    }

    @Test
    void manyProducersLoseNothingAndRepeatNothing() throws Exception {
        HandOff<Integer> handOff = new HandOff<>(1_000_000);
        int producers = 4;
        int each = 50_000;
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int base = p * each;
            Thread t = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    if (!handOff.offer(base + i)) {
                        throw new AssertionError("refused below capacity");
                    }
                }
            });
            threads.add(t);
            t.start();
        }
        Set<Integer> seen = new HashSet<>();
        while (seen.size() < producers * each) {
            Integer item = handOff.poll(10, TimeUnit.SECONDS);
            assertThat(item).as("an item within 10 s (%d seen)", seen.size()).isNotNull();
            assertThat(seen.add(item)).as("item %d taken once", item).isTrue();
            handOff.done();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(handOff.poll()).isNull();
        assertThat(handOff.unfinished()).isZero();
    }
}
