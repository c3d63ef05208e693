package io.logintelemetry.sink;

import io.logintelemetry.flag.Flag;
import io.logintelemetry.flag.FlagJson;
import io.logintelemetry.log.Logs;

/**
 * The default sink: each flag as one JSON line at INFO on the logger {@code io.logintelemetry.flags},
 * written by its own thread ({@link BoundedWorker}) because a log appender may do disk I/O.
 */
public final class JsonLogSink implements FlagSink {

    /** The logger every flag is written to. */
    public static final String LOGGER = "io.logintelemetry.flags";

    private final BoundedWorker<Flag> worker;

    public JsonLogSink(int queueCapacity) {
        Logs.Logger logger = Logs.get(LOGGER);
        this.worker = new BoundedWorker<>("flag-log", flag -> logger.info(FlagJson.toJson(flag)), queueCapacity);
    }

    @Override
    public void publish(Flag flag, boolean firstOfAccount) {
        worker.offer(flag, firstOfAccount);
    }

    /** Flags dropped under flood control. */
    public long dropped() {
        return worker.dropped();
    }

    @Override
    public void close() {
        worker.close();
    }
}
