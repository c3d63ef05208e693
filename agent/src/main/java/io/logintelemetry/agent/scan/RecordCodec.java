package io.logintelemetry.agent.scan;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Writes items to a sort run and reads them back; also estimates their heap size, so the sorter
 * can spill before a chunk outgrows its share of memory.
 */
interface RecordCodec<T> {

    void write(DataOutput out, T item) throws IOException;

    T read(DataInput in) throws IOException;

    /** A rough upper estimate of the item's heap footprint in bytes. */
    long estimatedHeapBytes(T item);
}
