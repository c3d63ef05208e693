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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
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
        CompletableFuture<String> taken = sleepingPoll(handOff);
        long start = System.nanoTime();
        handOff.offer("wake");
        assertThat(taken.get(30, TimeUnit.SECONDS)).isEqualTo("wake");
        assertThat(System.nanoTime() - start).as("woken by the offer, long before the 60 s timeout")
                .isLessThan(TimeUnit.SECONDS.toNanos(20));
    }

    /**
     * A worker's 60-second poll on {@code handOff}, begun once the hand-off has idled long enough that
     * the worker sleeps instead of napping, and given 200 ms to fall asleep: what it returns.
     */
    private static <T> CompletableFuture<T> sleepingPoll(HandOff<T> handOff) throws InterruptedException {
        Thread.sleep(100);
        CountDownLatch polling = new CountDownLatch(1);
        CompletableFuture<T> taken = CompletableFuture.supplyAsync(() -> {
            polling.countDown();
            try {
                return handOff.poll(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        polling.await();
        Thread.sleep(200);
        return taken;
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

    @Test
    void afterCloseOffersAreRefusedAndSayWhyWhileQueuedItemsStayForTheWorker() throws Exception {
        HandOff<String> handOff = new HandOff<>(2);
        assertThat(handOff.hand("a", 2)).isEqualTo(HandOff.Offer.QUEUED);
        assertThat(handOff.hand("b", 2)).isEqualTo(HandOff.Offer.QUEUED);
        assertThat(handOff.hand("c", 2)).isEqualTo(HandOff.Offer.FULL);
        handOff.close();
        assertThat(handOff.isClosed()).isTrue();
        assertThat(handOff.hand("d", 3)).as("room in the limit, but closed").isEqualTo(HandOff.Offer.CLOSED);
        assertThat(handOff.offer("d")).isFalse();
        assertThat(handOff.unfinished()).as("a refused offer leaves no count behind").isEqualTo(2);
        assertThat(handOff.finished()).as("two accepted items not done").isFalse();
        assertThat(handOff.poll(10, TimeUnit.SECONDS)).isEqualTo("a");
        handOff.done();
        assertThat(handOff.poll(10, TimeUnit.SECONDS)).isEqualTo("b");
        assertThat(handOff.finished()).as("the last one is still in the worker's hands").isFalse();
        handOff.done();
        assertThat(handOff.finished()).isTrue();
        long start = System.nanoTime();
        assertThat(handOff.poll(10, TimeUnit.SECONDS)).as("closed and empty: no waiting").isNull();
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void closeWakesASleepingWorker() throws Exception {
        HandOff<String> handOff = new HandOff<>(4);
        CompletableFuture<String> taken = sleepingPoll(handOff);
        long start = System.nanoTime();
        handOff.close();
        assertThat(taken.get(30, TimeUnit.SECONDS)).as("nothing to take").isNull();
        assertThat(System.nanoTime() - start).as("woken by close, long before the 60 s timeout")
                .isLessThan(TimeUnit.SECONDS.toNanos(20));
    }

    /**
     * A worker that stops once finished() has taken every item whose offer was not refused, however
     * the offers fall around close(): the count of queued offers equals the items taken.
     */
    @Test
    void offersRacingWithCloseAreEitherRefusedOrTakenByTheWorker() throws Exception {
        for (int round = 0; round < 200; round++) {
            HandOff<Integer> handOff = new HandOff<>(1_000_000);
            LongAdder queued = new LongAdder();
            LongAdder refused = new LongAdder();
            LongAdder full = new LongAdder();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < 3; p++) {
                Thread t = new Thread(() -> {
                    for (int i = 0; !stop.get() && i < 20_000; i++) {
                        HandOff.Offer o = handOff.hand(i, 1_000_000);
                        if (o == HandOff.Offer.QUEUED) {
                            queued.increment();
                        } else if (o == HandOff.Offer.CLOSED) {
                            refused.increment();
                        } else {
                            full.increment(); // the worker fell behind: refused as well, never queued
                        }
                    }
                    while (!stop.get()) {
                        Thread.onSpinWait();
                    }
                    for (int i = 0; i < 10; i++) { // after close (stop is set after it): all refused
                        if (handOff.hand(i, 1_000_000) == HandOff.Offer.CLOSED) {
                            refused.increment();
                        } else {
                            full.increment(); // fails the count below
                        }
                    }
                });
                threads.add(t);
                t.start();
            }
            long[] taken = new long[1];
            Thread worker = new Thread(() -> {
                try {
                    while (!handOff.finished()) {
                        if (handOff.poll(200, TimeUnit.MILLISECONDS) != null) {
                            taken[0]++;
                            handOff.done();
                        }
                    }
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            worker.start();
            while (queued.sum() < 500) {
                Thread.onSpinWait();
            }
            handOff.close();
            worker.join(10_000);
            assertThat(worker.isAlive()).as("round %d: the worker stopped", round).isFalse();
            stop.set(true);
            for (Thread t : threads) {
                t.join(10_000);
            }
            assertThat(taken[0]).as("round %d: taken of %d queued, %d refused closed, %d full", round, queued.sum(),
                            refused.sum(), full.sum())
                    .isEqualTo(queued.sum());
            assertThat(refused.sum()).as("round %d: offers after close refused", round).isGreaterThanOrEqualTo(30);
            assertThat(full.sum()).as("round %d: offers after close refused as closed", round).isZero();
            assertThat(handOff.poll()).isNull();
            assertThat(handOff.unfinished()).isZero();
        }
    }
}
