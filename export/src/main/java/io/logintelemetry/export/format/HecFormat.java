package io.logintelemetry.export.format;

import io.logintelemetry.flag.Flag;
import io.logintelemetry.flag.FlagJson;

/**
 * A Splunk HTTP Event Collector event: {@code time} (event time, seconds), {@code host} (the node),
 * {@code source}, {@code sourcetype}, optional {@code index}, and the flag record of FLAGS.md as
 * {@code event}. Batches are these objects one after the other, as HEC expects.
 */
public final class HecFormat implements FlagFormat {

    private final String sourcetype;
    private final String index;

    /** @param index empty for the token's default index */
    public HecFormat(String sourcetype, String index) {
        this.sourcetype = sourcetype;
        this.index = index;
    }

    @Override
    public String format(Flag f) {
        return Json.write(g -> {
            g.writeStartObject();
            g.writeNumberField("time", new java.math.BigDecimal(f.timestamp()).movePointLeft(3));
            Json.string(g, "host", f.node());
            g.writeStringField("source", "logintelemetry");
            Json.string(g, "sourcetype", sourcetype);
            if (!index.isEmpty()) {
                Json.string(g, "index", index);
            }
            g.writeFieldName("event");
            FlagJson.write(g, f);
            g.writeEndObject();
        });
    }
}
