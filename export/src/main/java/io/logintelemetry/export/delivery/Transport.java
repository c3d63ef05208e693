package io.logintelemetry.export.delivery;

import io.logintelemetry.export.spool.SpoolRecord;
import java.util.List;

/**
 * Sends formatted records to one receiver. Called only from the sink's sender thread, so an
 * implementation may block (within its configured timeout) and keep a connection between calls.
 * Network and HTTP failures are answered as a {@link Result}, never thrown.
 */
public interface Transport extends AutoCloseable {

    /** Most records handed over in one {@link #send}. */
    int maxBatch();

    /** Delivers a batch; the result says which records the receiver acknowledged. */
    Result send(List<SpoolRecord> batch) throws InterruptedException;

    /** Where it sends to, for log lines: never a secret (no token, no password in a URL). */
    String describe();

    @Override
    default void close() {
    }
}
