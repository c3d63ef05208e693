package io.logintelemetry.export.delivery;

import io.logintelemetry.export.spool.Spool;
import io.logintelemetry.export.spool.SpoolRecord;
import io.logintelemetry.flag.Flag;
import io.logintelemetry.log.Logs;
import io.logintelemetry.log.RateLimitedLog;
import io.logintelemetry.sink.FlagSink;
import io.logintelemetry.sink.HandOff;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * A {@link FlagSink} that loses nothing when its receiver is slow or down.
 *
 * <p>Three stages, each on its own side of a bound:
 * <ol>
 *   <li>{@link #publish} (request thread): a lock-free hand-over to a bounded in-memory queue (a
 *       {@link HandOff}: an atomic count, a non-blocking queue offer, and a wake-up only when the
 *       writer sleeps); a full queue drops the flag and counts it (an account's first flag may use
 *       a reserve of 25%). No lock is shared with the writer, so a busy writer never delays a
 *       request. Once {@link #close} has begun, a flag is refused and counted
 *       ({@code refused-closing}); every flag accepted before is spooled before close returns.</li>
 *   <li>The spool writer thread takes flags from the queue, formats them (pseudonymised where
 *       configured) and appends them to the disk {@link Spool}, forced to disk per batch. It never
 *       waits for the receiver, so an outage fills the spool, not the queue.</li>
 *   <li>The sender thread reads batches from the spool, sends them through the {@link Transport},
 *       and acknowledges them in the spool only once the receiver acknowledged them. Failures are
 *       retried with exponential backoff and jitter; failed items of a partial answer are retried on
 *       their own; a receiver that refuses us (401/403) stops the sending, the records staying
 *       spooled.</li>
 * </ol>
 * Every record is spooled before it is sent, so a crash (even SIGKILL) after the spool write loses
 * nothing: the next start replays the spool. A record may then arrive twice; it keeps its flag id.
 */
public final class DeliverySink implements FlagSink {

    private static final Logs.Logger LOG = Logs.get("io.logintelemetry.export");
    /** Flags taken from the queue per spool write (one disk force for all of them). */
    private static final int WRITE_BATCH = 512;

    private final String name;
    /** One per sink, so one sink's trouble does not hide another's. */
    private final RateLimitedLog trouble = new RateLimitedLog(LOG, 60_000);
    private final Function<Flag, SpoolRecord> encoder;
    private final Spool spool;
    private final Transport transport;
    private final Backoff backoff;
    private final Duration shutdownTimeout;
    private final int capacity;
    private final int reserve;
    /**
     * Flags for the writer, which marks each done as it takes it (not once spooled): the capacity
     * bounds the flags waiting, a batch in the writer's hands comes on top. Closing it refuses
     * later flags; the writer stops once it has taken every flag it accepted.
     */
    private final HandOff<Flag> queue;
    private final Thread writer;
    private final Thread sender;
    private final Object wake = new Object();
    private volatile boolean closing;
    /** Set by the writer once the spool of an earlier run has been read; the sender waits for it. */
    private volatile boolean spoolReady;
    private volatile boolean spoolBroken;
    private volatile boolean stopped;
    private volatile String stopReason;

    private final LongAdder accepted = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder refusedClosing = new LongAdder();
    private final LongAdder encodeErrors = new LongAdder();
    private final LongAdder spoolErrors = new LongAdder();
    private final LongAdder spooled = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder failedAttempts = new LongAdder();
    private final LongAdder authFailures = new LongAdder();

    /**
     * Starts the sink's two threads and returns at once: the spool writer first checks what an
     * earlier run left in the spool (up to its size cap, which takes a while), then the sender
     * begins with it. Flags published meanwhile wait in the queue as usual.
     *
     * @param name      short sink name for threads, logs and counters: syslog, hec, ecs, ecs-file, webhook
     * @param encoder   turns a flag into the record this sink sends (pseudonymise, then format)
     * @param spool     this sink's own spool, prepared ({@link Spool#prepare}) or already recovered
     * @param transport the receiver
     */
    public DeliverySink(String name, Function<Flag, SpoolRecord> encoder, Spool spool, Transport transport,
                        int queueCapacity, Duration initialBackoff, Duration maxBackoff, Duration shutdownTimeout) {
        this.name = name;
        this.encoder = encoder;
        this.spool = spool;
        this.transport = transport;
        this.backoff = new Backoff(initialBackoff, maxBackoff);
        this.shutdownTimeout = shutdownTimeout;
        this.capacity = queueCapacity;
        this.reserve = Math.max(1, queueCapacity / 4);
        this.queue = new HandOff<>(capacity + reserve);
        this.writer = new Thread(this::writeLoop, "logintelemetry-export-" + name + "-spool");
        this.sender = new Thread(this::sendLoop, "logintelemetry-export-" + name + "-send");
        writer.setDaemon(true);
        sender.setDaemon(true);
        writer.start();
        sender.start();
    }

    @Override
    public void publish(Flag flag, boolean firstOfAccount) {
        // The queue decides, and says why it refused: closed before full, so a flag published once
        // close() began counts as refused-closing. A flag it accepts is one the writer takes before
        // it stops (HandOff#finished), even when close() begins during this offer.
        switch (queue.hand(flag, firstOfAccount ? capacity + reserve : capacity)) {
            case QUEUED -> accepted.increment();
            case FULL -> dropped.increment();
            case CLOSED -> refusedClosing.increment();
            default -> throw new IllegalStateException();
        }
    }

    /** Reads the spool an earlier run left, on the writer thread; the sender waits for it. */
    private void recoverSpool() {
        try {
            spool.recover();
            long replay = spool.pending();
            if (replay > 0) {
                LOG.info("Login Telemetry export '" + name + "': " + replay + " spooled flag(s) from an earlier run to deliver to "
                        + transport.describe());
            }
            spoolReady = true;
        } catch (IOException | RuntimeException e) {
            spoolBroken = true;
            LOG.error("Login Telemetry export '" + name + "' could not read its spool " + spool.directory()
                    + "; flags for this sink are counted as lost until restart", e);
        }
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    private void writeLoop() {
        recoverSpool();
        List<Flag> taken = new ArrayList<>(WRITE_BATCH);
        List<SpoolRecord> records = new ArrayList<>(WRITE_BATCH);
        while (!queue.finished()) {
            Flag flag;
            try {
                flag = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                // close() interrupts a writer stuck past the timeout; what the queue accepted is still spooled.
                flag = queue.poll();
            }
            while (flag != null) {
                taken.add(flag);
                queue.done();
                flag = taken.size() < WRITE_BATCH ? queue.poll() : null;
            }
            if (taken.isEmpty()) {
                continue;
            }
            for (Flag f : taken) {
                try {
                    records.add(encoder.apply(f));
                } catch (RuntimeException e) {
                    encodeErrors.increment();
                    trouble.error("Login Telemetry export '" + name + "' could not format a flag", e);
                }
            }
            taken.clear();
            writeToSpool(records);
            records.clear();
            synchronized (wake) {
                wake.notifyAll();
            }
        }
    }

    private void writeToSpool(List<SpoolRecord> records) {
        if (spoolBroken) {
            spoolErrors.add(records.size());
            return;
        }
        // A disk error is retried a few times; if the disk stays broken the flags are counted as lost.
        for (int attempt = 1; attempt <= 3 && !records.isEmpty(); attempt++) {
            try {
                spooled.add(spool.append(records));
                return;
            } catch (IOException | RuntimeException e) {
                trouble.error("Login Telemetry export '" + name + "' could not write its spool " + spool.directory(), e);
                try {
                    Thread.sleep(100L * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        spoolErrors.add(records.size());
    }

    private void sendLoop() {
        int failures = 0;
        while (!spoolReady) {
            if (spoolBroken || closing && (pastDeadline() || !writer.isAlive())) {
                return;
            }
            waitForWork(200);
        }
        while (true) {
            if (closing && (stopped || pastDeadline() || !writer.isAlive() && spool.pending() == 0)) {
                return;
            }
            List<Spool.Entry> batch;
            try {
                batch = stopped ? List.of() : spool.peek(transport.maxBatch());
            } catch (IOException | RuntimeException e) {
                trouble.error("Login Telemetry export '" + name + "' could not read its spool", e);
                batch = List.of();
            }
            if (batch.isEmpty()) {
                waitForWork(200);
                continue;
            }
            try {
                failures = deliver(batch, failures);
            } catch (InterruptedException e) {
                if (closing) {
                    return;
                }
            }
        }
    }

    /** Sends one batch until every record in it is acknowledged or refused; returns the failure streak. */
    private int deliver(List<Spool.Entry> batch, int failuresSoFar) throws InterruptedException {
        int failures = failuresSoFar;
        List<Spool.Entry> pending = batch;
        while (!pending.isEmpty()) {
            List<SpoolRecord> records = new ArrayList<>(pending.size());
            for (Spool.Entry e : pending) {
                records.add(e.record());
            }
            Result result;
            try {
                result = transport.send(records);
            } catch (RuntimeException e) {
                result = Result.retry(e.toString());
            }
            switch (result.kind()) {
                case DELIVERED -> {
                    delivered.add(pending.size());
                    pending = List.of();
                }
                case REJECTED -> {
                    rejected.add(pending.size());
                    trouble.error("Login Telemetry export '" + name + "': " + transport.describe() + " refused "
                            + pending.size() + " flag(s) for good: " + result.reason(), null);
                    pending = List.of();
                }
                case PARTIAL -> {
                    rejected.add(result.rejected());
                    delivered.add(pending.size() - result.rejected() - result.retry().size());
                    if (result.rejected() > 0 && result.retry().isEmpty()) {
                        trouble.error("Login Telemetry export '" + name + "': " + transport.describe() + " refused "
                                + result.rejected() + " flag(s) for good: " + result.reason(), null);
                    }
                    List<Spool.Entry> again = new ArrayList<>();
                    for (int i : result.retry()) {
                        again.add(pending.get(i));
                    }
                    pending = again;
                    if (!pending.isEmpty()) {
                        failures++;
                        failedAttempts.increment();
                        trouble.error("Login Telemetry export '" + name + "': " + pending.size() + " flag(s) to send again to "
                                + transport.describe() + ": " + result.reason(), null);
                        pause(backoff.delayMillis(failures));
                    }
                }
                case RETRY -> {
                    failures++;
                    failedAttempts.increment();
                    trouble.error("Login Telemetry export '" + name + "': delivery to " + transport.describe()
                            + " failed, will retry (flags stay spooled): " + result.reason(), null);
                    pause(backoff.delayMillis(failures));
                    if (closing && pastDeadline()) {
                        return failures;
                    }
                }
                case FATAL -> {
                    authFailures.increment();
                    stopReason = result.reason();
                    stopped = true;
                    LOG.error("Login Telemetry export '" + name + "': " + transport.describe() + " refused our credentials ("
                            + result.reason() + "). Sending stopped; flags stay in the spool " + spool.directory()
                            + " until the configuration is fixed and the application restarted.", null);
                    return failures;
                }
                default -> throw new IllegalStateException();
            }
            if (closing && pastDeadline() && !pending.isEmpty()) {
                return failures;
            }
        }
        try {
            spool.acknowledge(batch.get(batch.size() - 1));
        } catch (IOException e) {
            // The records were delivered; failing to move the cursor only means they may be sent again.
            trouble.error("Login Telemetry export '" + name + "' could not record a delivery in its spool", e);
        }
        return 0;
    }

    private volatile long deadline = Long.MAX_VALUE;

    private boolean pastDeadline() {
        return System.nanoTime() - deadline > 0;
    }

    private void pause(long millis) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (wake) {
            long left;
            while ((left = until - System.nanoTime()) > 0) {
                if (closing && pastDeadline()) {
                    return;
                }
                TimeUnit.NANOSECONDS.timedWait(wake, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
            }
        }
    }

    private void waitForWork(long millis) {
        synchronized (wake) {
            try {
                wake.wait(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The sink's name: syslog, hec, ecs, ecs-file or webhook. */
    public String name() {
        return name;
    }

    /** Whether the receiver refused our credentials, which stopped the sending. */
    public boolean stopped() {
        return stopped;
    }

    /** Why sending stopped (the receiver's answer, never a secret), or null. */
    public String stopReason() {
        return stopReason;
    }

    /** Flags accepted from the engine. */
    public long accepted() {
        return accepted.sum();
    }

    /** Flags written to the spool. */
    public long spooled() {
        return spooled.sum();
    }

    /** Flags the receiver acknowledged (a re-delivery after a crash counts again). */
    public long delivered() {
        return delivered.sum();
    }

    /** Flags dropped because the in-memory queue was full. */
    public long dropped() {
        return dropped.sum();
    }

    /** Flags refused because they were published after shutdown had begun. */
    public long refusedClosing() {
        return refusedClosing.sum();
    }

    /** Records not yet acknowledged by the receiver. */
    public long pending() {
        return spoolReady ? spool.pending() : 0;
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put(name + ".accepted", accepted.sum());
        c.put(name + ".dropped", dropped.sum());
        c.put(name + ".refused-closing", refusedClosing.sum());
        c.put(name + ".queued", (long) queue.unfinished());
        c.put(name + ".spooled", spooled.sum());
        // Before the spool is read these say 0 rather than wait for the scan.
        c.put(name + ".pending", spoolReady ? spool.pending() : 0L);
        c.put(name + ".spool-bytes", spoolReady ? spool.bytes() : 0L);
        c.put(name + ".delivered", delivered.sum());
        c.put(name + ".failed-attempts", failedAttempts.sum());
        c.put(name + ".rejected", rejected.sum());
        c.put(name + ".auth-failures", authFailures.sum());
        c.put(name + ".evicted", spool.evicted());
        c.put(name + ".too-large", spool.tooLarge());
        c.put(name + ".corrupt-bytes", spool.corruptBytes());
        c.put(name + ".format-errors", encodeErrors.sum());
        c.put(name + ".spool-errors", spoolErrors.sum());
        return c;
    }

    /**
     * Spools what is queued, keeps delivering within the shutdown timeout, then stops; undelivered
     * flags stay in the spool for the next start.
     */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        deadline = System.nanoTime() + shutdownTimeout.toNanos();
        closing = true;
        queue.close(); // refuses later flags and wakes the writer
        synchronized (wake) {
            wake.notifyAll();
        }
        try {
            writer.join(Math.max(1, shutdownTimeout.toMillis()));
            sender.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (sender.isAlive()) {
                sender.interrupt();
                transport.close(); // breaks a blocked socket read
                sender.join(1_000);
            }
            if (writer.isAlive()) {
                writer.interrupt();
                writer.join(1_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            transport.close();
            spool.close();
        }
        long left = spoolReady ? spool.pending() : 0;
        if (left > 0) {
            LOG.info("Login Telemetry export '" + name + "': " + left + " undelivered flag(s) left in " + spool.directory()
                    + " for the next start");
        }
    }
}
