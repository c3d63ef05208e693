package io.logintelemetry.agent.scan;

import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.engine.AccountSummary;
import io.logintelemetry.engine.Engine;
import io.logintelemetry.intel.IpIntelligenceProvider;
import io.logintelemetry.engine.EngineBuilder;
import io.logintelemetry.sink.FlagSinkProvider;
import io.logintelemetry.event.Event;
import io.logintelemetry.event.EventReader;
import io.logintelemetry.event.ParsedLine;
import io.logintelemetry.flag.Flag;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One offline scan: reads every file, orders the events by time in bounded memory, feeds them to a
 * fresh {@link Engine}, and writes flags, flagged accounts and a summary to a {@link ScanOutput}.
 *
 * <p>Memory: the sort holds one chunk of events (about an eighth of the heap) and spills the rest to
 * temporary files; distinct accounts are counted the same way; the engine's state is bounded by its
 * own configuration. Only the flagged accounts are kept until the end.
 */
final class ScanRunner {

    /** Skipped lines shown in the summary; the rest are only counted. */
    static final int SKIPPED_EXAMPLES = 10;
    private static final int DEFAULT_CHUNK_ITEMS = 1_000_000;
    private static final long MIN_CHUNK_BYTES = 1L << 20;

    private final LoginTelemetryConfig config;
    private final ScanProgress progress;
    private final Path tempParent;
    private final int chunkItems;

    /**
     * @param tempParent where the temporary sort directory is made
     * @param chunkItems most events sorted in memory at once; 0 for the default (bounded by heap size anyway)
     */
    ScanRunner(LoginTelemetryConfig config, ScanProgress progress, Path tempParent, int chunkItems) {
        this.config = config;
        this.progress = progress;
        this.tempParent = tempParent;
        this.chunkItems = chunkItems > 0 ? chunkItems : DEFAULT_CHUNK_ITEMS;
    }

    ScanSummary run(List<Path> files, ScanOutput out) throws IOException {
        long started = System.nanoTime();
        long heap = Runtime.getRuntime().maxMemory();
        Path tempDir = Files.createTempDirectory(tempParent, "logintelemetry-scan-");
        SkippedLines skipped = new SkippedLines(SKIPPED_EXAMPLES);
        try (ExternalSorter<SortableEvent> events = new ExternalSorter<>(tempDir, "events-", new SortableEventCodec(),
                SortableEvent.ORDER, false, Math.max(MIN_CHUNK_BYTES, heap / 8), chunkItems);
             ExternalSorter<String> accounts = new ExternalSorter<>(tempDir, "accounts-", new StringCodec(),
                     Comparator.<String>naturalOrder(), true, Math.max(MIN_CHUNK_BYTES, heap / 32), chunkItems)) {
            long eventsRead = read(files, events, accounts, skipped);
            long accountsSeen = count(accounts);

            FlaggedAccounts flagged = new FlaggedAccounts();
            long flags = 0;
            // The same IP intelligence as the live filter (the geoip module on our class path), loaded
            // before the first event so every event sees the same data.
            EngineBuilder builder = Engine.builder(config)
                    .ipIntelligence(IpIntelligenceProvider.discover(ScanRunner.class.getClassLoader(), config));
            // Configured SIEM exporters get the scan's flags too; closing the engine drains them.
            FlagSinkProvider.discover(ScanRunner.class.getClassLoader(), config, "scan").forEach(builder::sink);
            try (Engine engine = builder.build()) {
                flags = detect(engine, events, eventsRead, flagged, out);
                progress.finish();
                out.beginAccounts();
                for (AccountSummary a : flagged.inReportOrder(engine)) {
                    out.account(a);
                }
                ScanSummary summary = new ScanSummary(files.stream().map(Path::toString).toList(), eventsRead,
                        skipped.count(), skipped.examples(), accountsSeen, flagged.levels(accountsSeen), flags,
                        engine.metrics().getFlagsBySignal(), (System.nanoTime() - started) / 1_000_000);
                out.summary(summary);
                return summary;
            }
        } finally {
            progress.finish();
            deleteTree(tempDir);
        }
    }

    private long read(List<Path> files, ExternalSorter<SortableEvent> events, ExternalSorter<String> accounts,
                      SkippedLines skipped) throws IOException {
        long totalBytes = 0;
        for (Path f : files) {
            totalBytes += Files.size(f);
        }
        long eventsRead = 0;
        long bytesBefore = 0;
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            try (EventReader reader = EventReader.open(file)) {
                ParsedLine line;
                while ((line = reader.read()) != null) {
                    if (line.isMalformed()) {
                        skipped.add(file.toString(), line.lineNumber(), line.problem());
                    } else {
                        Event e = line.event();
                        events.add(new SortableEvent(e, i, line.lineNumber()));
                        if (e.account() != null) {
                            accounts.add(e.account());
                        }
                        eventsRead++;
                    }
                    progress.reading(eventsRead, bytesBefore + reader.bytesRead(), totalBytes);
                }
                bytesBefore += reader.bytesRead();
            } catch (ScanInputException e) {
                throw e;
            } catch (IOException e) {
                throw new ScanInputException(file, e);
            }
        }
        return eventsRead;
    }

    private long detect(Engine engine, ExternalSorter<SortableEvent> events, long total, FlaggedAccounts flagged,
                        ScanOutput out) throws IOException {
        long flags = 0;
        long done = 0;
        try (CloseableIterator<SortableEvent> ordered = events.sorted()) {
            while (ordered.hasNext()) {
                List<Flag> raised = engine.accept(ordered.next().event());
                for (Flag f : raised) {
                    out.flag(f);
                    flagged.flagged(engine, f.account());
                    flags++;
                }
                progress.detecting(++done, total);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return flags;
    }

    private static long count(ExternalSorter<String> distinct) throws IOException {
        long n = 0;
        try (CloseableIterator<String> it = distinct.sorted()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return n;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(paths.toList());
            for (int i = all.size() - 1; i >= 0; i--) {
                Files.deleteIfExists(all.get(i));
            }
        } catch (IOException e) {
            // A leftover temp directory is untidy but does not change the scan's result.
        }
    }
}
