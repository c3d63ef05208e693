package io.logintelemetry.export.format;

import io.logintelemetry.flag.Flag;
import io.logintelemetry.flag.FlagJson;

/** The flag record of FLAGS.md as one line of JSON (the same as the log line and the scan output). */
public final class JsonFormat implements FlagFormat {

    @Override
    public String format(Flag flag) {
        return FlagJson.toJson(flag);
    }
}
