package io.logintelemetry.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

class BoundedWorkerTest {

    /**
     * Offers on several threads while the worker closes, many times over: an offer that passed as
     * close began must still be handled, or be refused and counted, never left in the queue.
     */
    @Test
    void everyItemOfferedAroundCloseIsHandledOrCountedAsDropped() throws Exception {
        for (int round = 0; round < 500; round++) {
            LongAdder handled = new LongAdder();
            BoundedWorker<Integer> worker = new BoundedWorker<>("race", i -> handled.increment(), 1_000_000);
            LongAdder offered = new LongAdder();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> offering = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                Thread o = new Thread(() -> {
                    for (int i = 0; !stop.get() && i < 20_000; i++) {
                        offered.increment();
                        worker.offer(i, (i & 7) == 0);
                    }
                });
                offering.add(o);
                o.start();
            }
            while (offered.sum() < 500) {
                Thread.onSpinWait();
            }
            worker.close(10_000);
            long dropped = worker.dropped();
            stop.set(true);
            for (Thread o : offering) {
                o.join(10_000);
            }
            assertThat(handled.sum() + worker.dropped())
                    .as("round %d: handled %d + dropped %d (%d of them by the time close returned) of %d offered",
                            round, handled.sum(), worker.dropped(), dropped, offered.sum())
                    .isEqualTo(offered.sum());
            assertThat(worker.done()).isEqualTo(handled.sum());
            assertThat(worker.queued()).as("round %d: nothing left queued", round).isZero();
        }
    }
}
