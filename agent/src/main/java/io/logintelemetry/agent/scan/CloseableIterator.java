package io.logintelemetry.agent.scan;

import java.io.Closeable;
import java.util.Iterator;

/** An iterator over a resource (sort runs on disk); I/O failures surface as {@code UncheckedIOException}. */
interface CloseableIterator<T> extends Iterator<T>, Closeable {
}
