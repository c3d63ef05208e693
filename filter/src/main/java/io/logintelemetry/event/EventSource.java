package io.logintelemetry.event;

import java.io.Closeable;
import java.io.IOException;

/** One input format's way of producing records; {@link EventReader} wraps it with iteration. */
interface EventSource extends Closeable {

    /** The next record, or null at end of input. */
    ParsedLine next() throws IOException;
}
