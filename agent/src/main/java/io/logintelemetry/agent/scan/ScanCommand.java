package io.logintelemetry.agent.scan;

import io.logintelemetry.config.ConfigException;
import io.logintelemetry.config.ConfigLoader;
import io.logintelemetry.config.LoginTelemetryConfig;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code scan FILE...}: runs the detectors over exported telemetry (JSON Lines or CSV, plain or
 * gzip) and prints flags, flagged accounts and a summary (FLAGS.md, "Offline scan output").
 *
 * <p>Exit codes: 0 when the scan completed (malformed lines are skipped and reported, not fatal);
 * 2 for a usage error, a bad configuration (the message names the key) or an input or output file
 * that cannot be read or written.
 */
@Command(name = "scan", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Scan telemetry files (JSON Lines or CSV, optionally .gz) and report flags.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:scan completed", "2:usage error, bad configuration, or unreadable input / unwritable output"})
public final class ScanCommand implements Callable<Integer> {

    /** Exit code for usage errors and unreadable input, as picocli uses for usage errors. */
    public static final int EXIT_USAGE = 2;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Event files (.jsonl, .csv, either optionally .gz).")
    List<Path> files;

    @Option(names = "--format", paramLabel = "jsonl|table", defaultValue = "jsonl",
            description = "Output format: jsonl (default) or table.")
    ScanFormat format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the report here instead of standard output.")
    Path out;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with logintelemetry.* keys.")
    Path config;

    @Option(names = "--temp-dir", paramLabel = "DIR",
            description = "Where the sort spills events that do not fit in memory (default: java.io.tmpdir).")
    Path tempDir;

    // For tests and tuning: the heap-based limit applies anyway.
    @Option(names = "--sort-chunk", hidden = true, defaultValue = "0")
    int sortChunk;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        LoginTelemetryConfig settings;
        try {
            settings = config == null ? LoginTelemetryConfig.defaults()
                    : LoginTelemetryConfig.from(ConfigLoader.fileProperties(config));
        } catch (ConfigException e) {
            err.println("scan: bad configuration: " + e.getMessage());
            err.flush();
            return EXIT_USAGE;
        }
        settings.warnings().forEach(w -> err.println("scan: warning: " + w));
        for (Path f : files) {
            if (!Files.isRegularFile(f) || !Files.isReadable(f)) {
                err.println("scan: cannot read " + f + (Files.exists(f) ? " (not a readable file)" : " (no such file)"));
                err.flush();
                return EXIT_USAGE;
            }
        }
        Path temp = tempDir != null ? tempDir : Path.of(System.getProperty("java.io.tmpdir"));
        ScanProgress progress = new ScanProgress(err, System.console() != null);
        try (Writer target = openTarget(); ScanOutput output = format == ScanFormat.TABLE
                ? new TableScanOutput(target) : new JsonLinesScanOutput(target)) {
            new ScanRunner(settings, progress, temp, sortChunk).run(files, output);
            return 0;
        } catch (ConfigException e) {
            // Settings checked when their part starts, e.g. a SIEM exporter's URL or token.
            err.println("scan: bad configuration: " + e.getMessage());
            err.flush();
            return EXIT_USAGE;
        } catch (ScanInputException e) {
            err.println("scan: " + e.getMessage());
            err.flush();
            return EXIT_USAGE;
        } catch (IOException e) {
            err.println("scan: " + (out != null ? "cannot write " + out + " or temporary files: " : "I/O error: ") + e);
            err.flush();
            return EXIT_USAGE;
        }
    }

    /** The report's destination; standard output is flushed but left open. */
    private Writer openTarget() throws IOException {
        if (out == null) {
            PrintWriter stdout = spec.commandLine().getOut();
            return new Writer() {
                @Override
                public void write(char[] buf, int off, int len) {
                    stdout.write(buf, off, len);
                }

                @Override
                public void flush() {
                    stdout.flush();
                }

                @Override
                public void close() {
                    stdout.flush();
                }
            };
        }
        return new BufferedWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8));
    }
}
