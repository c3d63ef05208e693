package io.logintelemetry.sink;

import io.logintelemetry.flag.Flag;
import io.logintelemetry.flag.FlagJson;
import io.logintelemetry.log.Logs;

/**
 * The default sink: each flag as one JSON line at INFO on the logger {@code io.logintelemetry.flags},
 * written by its own thread ({@link AsyncFlagSink}) because a log appender may do disk I/O.
 */
public final class JsonLogSink implements FlagSink {

    /** The logger every flag is written to. */
    public static final String LOGGER = "io.logintelemetry.flags";

    private final AsyncFlagSink async;

    public JsonLogSink(int queueCapacity) {
        Logs.Logger logger = Logs.get(LOGGER);
        this.async = new AsyncFlagSink("json-log", flag -> logger.info(FlagJson.toJson(flag)), queueCapacity);
    }

    @Override
    public void publish(Flag flag, boolean firstOfAccount) {
        async.publish(flag, firstOfAccount);
    }

    /** Flags dropped under flood control. */
    public long dropped() {
        return async.dropped();
    }

    @Override
    public void close() {
        async.close();
    }
}
