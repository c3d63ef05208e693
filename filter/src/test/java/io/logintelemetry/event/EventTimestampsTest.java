package io.logintelemetry.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventTimestampsTest {

    private static final long NINE_UTC = Instant.parse("2026-03-01T09:00:00Z").toEpochMilli();

    @Test
    void readsInstantsWithAnyOffsetAndPrecision() {
        assertThat(EventTimestamps.parse("2026-03-01T09:00:00Z")).hasValue(NINE_UTC);
        assertThat(EventTimestamps.parse("2026-03-01T04:00:00-05:00")).hasValue(NINE_UTC);
        assertThat(EventTimestamps.parse(" 2026-03-01T09:00:00.123456789Z ")).hasValue(NINE_UTC + 123);
    }

    @Test
    void readsEpochMillis() {
        assertThat(EventTimestamps.parse(Long.toString(NINE_UTC))).hasValue(NINE_UTC);
        assertThat(EventTimestamps.parse("0")).hasValue(0);
    }

    @Test
    void refusesWhatIsNeither() {
        assertThat(EventTimestamps.parse("2026-03-01 09:00:00")).isEmpty();
        assertThat(EventTimestamps.parse("2026-03-01T09:00:00")).as("no offset: ambiguous").isEmpty();
        assertThat(EventTimestamps.parse("1.7723556E12")).isEmpty();
        assertThat(EventTimestamps.parse("1772355600000000000")).as("nanoseconds, not millis").isEmpty();
        assertThat(EventTimestamps.parse("")).isEmpty();
        assertThat(EventTimestamps.parse(null)).isEmpty();
    }
}
