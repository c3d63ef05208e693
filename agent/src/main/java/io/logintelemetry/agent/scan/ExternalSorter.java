package io.logintelemetry.agent.scan;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * Sorts more items than fit in memory: items are collected in a chunk bounded by an estimate of
 * its heap size (and by a count); a full chunk is sorted and spilled to a temporary run file; at
 * the end the runs are merged k ways, in several passes when there are more runs than can be open
 * at once. When everything fits in one chunk nothing touches the disk.
 *
 * <p>With {@code distinct}, items the comparator finds equal are kept once (the first of them).
 * Not thread-safe; {@link #close()} deletes the run files.
 */
final class ExternalSorter<T> implements AutoCloseable {

    /** Runs merged at once: bounded so that open files and their buffers stay small. */
    static final int MAX_FAN_IN = 64;
    private static final int RUN_BUFFER_BYTES = 32 * 1024;

    private final Path tempDir;
    private final String prefix;
    private final RecordCodec<T> codec;
    private final Comparator<? super T> order;
    private final boolean distinct;
    private final long chunkBytes;
    private final int chunkItems;
    private final List<Run> runs = new ArrayList<>();
    private List<T> chunk = new ArrayList<>();
    private long chunkEstimate;
    private boolean sorting;

    /**
     * @param tempDir    where run files go
     * @param prefix     start of run file names, to tell sorters apart
     * @param chunkBytes spill when the chunk's estimated heap size reaches this
     * @param chunkItems spill when the chunk holds this many items
     */
    ExternalSorter(Path tempDir, String prefix, RecordCodec<T> codec, Comparator<? super T> order, boolean distinct,
                   long chunkBytes, int chunkItems) {
        this.tempDir = tempDir;
        this.prefix = prefix;
        this.codec = codec;
        this.order = order;
        this.distinct = distinct;
        this.chunkBytes = chunkBytes;
        this.chunkItems = chunkItems;
    }

    void add(T item) throws IOException {
        if (sorting) {
            throw new IllegalStateException("already sorted");
        }
        chunk.add(item);
        chunkEstimate += codec.estimatedHeapBytes(item);
        if (chunk.size() >= chunkItems || chunkEstimate >= chunkBytes) {
            spill();
        }
    }

    /** How many runs went to disk so far. */
    int spilledRuns() {
        return runs.size();
    }

    /** All items in order; call once, after the last {@link #add}. */
    CloseableIterator<T> sorted() throws IOException {
        sorting = true;
        if (runs.isEmpty()) {
            List<T> items = sortChunk();
            chunk = null;
            return new ListIterator<>(items);
        }
        spill();
        chunk = null;
        while (runs.size() > MAX_FAN_IN) {
            List<Run> group = new ArrayList<>(runs.subList(0, MAX_FAN_IN));
            runs.subList(0, MAX_FAN_IN).clear();
            Run merged = newRun();
            try (Merge merge = new Merge(group); DataOutputStream out = merged.openForWriting()) {
                while (merge.hasNext()) {
                    codec.write(out, merge.next());
                    merged.count++;
                }
            }
            for (Run r : group) {
                r.delete();
            }
            runs.add(merged);
        }
        return new Merge(new ArrayList<>(runs));
    }

    private void spill() throws IOException {
        if (chunk.isEmpty()) {
            return;
        }
        List<T> items = sortChunk();
        Run run = newRun();
        try (DataOutputStream out = run.openForWriting()) {
            for (T item : items) {
                codec.write(out, item);
            }
        }
        run.count = items.size();
        runs.add(run);
        chunk = new ArrayList<>();
        chunkEstimate = 0;
    }

    private List<T> sortChunk() {
        chunk.sort(order);
        if (!distinct || chunk.size() < 2) {
            return chunk;
        }
        List<T> unique = new ArrayList<>(chunk.size());
        T previous = null;
        for (T item : chunk) {
            if (previous == null || order.compare(previous, item) != 0) {
                unique.add(item);
            }
            previous = item;
        }
        return unique;
    }

    private Run newRun() throws IOException {
        return new Run(Files.createTempFile(tempDir, prefix, ".run"));
    }

    @Override
    public void close() {
        for (Run r : runs) {
            r.delete();
        }
        runs.clear();
        chunk = null;
    }

    /** One sorted file of items. */
    private final class Run {
        final Path file;
        long count;

        Run(Path file) {
            this.file = file;
        }

        DataOutputStream openForWriting() throws IOException {
            return new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), RUN_BUFFER_BYTES));
        }

        void delete() {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // Left in the temp directory; the scan's result does not depend on it.
            }
        }
    }

    /** The head item of one run during a merge. */
    private final class RunCursor {
        final DataInputStream in;
        final int runIndex;
        long remaining;
        T head;

        RunCursor(Run run, int runIndex) throws IOException {
            this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(run.file), RUN_BUFFER_BYTES));
            this.runIndex = runIndex;
            this.remaining = run.count;
        }

        boolean advance() throws IOException {
            if (remaining == 0) {
                head = null;
                return false;
            }
            head = codec.read(in);
            remaining--;
            return true;
        }
    }

    /** K-way merge of runs; ties go to the earlier run, so merging keeps the chunk order stable. */
    private final class Merge implements CloseableIterator<T> {
        private final List<RunCursor> cursors = new ArrayList<>();
        private final PriorityQueue<RunCursor> heads;
        private T lastReturned;
        private T next;

        Merge(List<Run> runs) throws IOException {
            heads = new PriorityQueue<>(Math.max(1, runs.size()), (a, b) -> {
                int c = order.compare(a.head, b.head);
                return c != 0 ? c : Integer.compare(a.runIndex, b.runIndex);
            });
            try {
                for (int i = 0; i < runs.size(); i++) {
                    RunCursor cursor = new RunCursor(runs.get(i), i);
                    cursors.add(cursor);
                    if (cursor.advance()) {
                        heads.add(cursor);
                    }
                }
            } catch (IOException e) {
                close();
                throw e;
            }
        }

        @Override
        public boolean hasNext() {
            while (next == null && !heads.isEmpty()) {
                RunCursor top = heads.poll();
                T candidate = top.head;
                try {
                    if (top.advance()) {
                        heads.add(top);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (!distinct || lastReturned == null || order.compare(lastReturned, candidate) != 0) {
                    next = candidate;
                }
            }
            return next != null;
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            T result = next;
            next = null;
            lastReturned = result;
            return result;
        }

        @Override
        public void close() {
            for (RunCursor c : cursors) {
                try {
                    c.in.close();
                } catch (IOException e) {
                    // Reading is over; nothing to recover.
                }
            }
        }
    }

    private static final class ListIterator<T> implements CloseableIterator<T> {
        private final Iterator<T> items;

        ListIterator(List<T> items) {
            this.items = items.iterator();
        }

        @Override
        public boolean hasNext() {
            return items.hasNext();
        }

        @Override
        public T next() {
            return items.next();
        }

        @Override
        public void close() {
        }
    }
}
