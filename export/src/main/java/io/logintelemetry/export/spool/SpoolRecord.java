package io.logintelemetry.export.spool;

import java.util.Objects;

/**
 * One flag as a sink sends it: its id (kept so receivers can de-duplicate a flag delivered twice)
 * and the payload already formatted (and pseudonymised) for that sink.
 *
 * @param id      the flag id
 * @param payload the formatted record, UTF-8
 */
public record SpoolRecord(String id, byte[] payload) {

    public SpoolRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(payload, "payload");
    }
}
