package io.logintelemetry.export.file;

import io.logintelemetry.export.delivery.Result;
import io.logintelemetry.export.delivery.Transport;
import io.logintelemetry.export.spool.SpoolRecord;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Appends one record per line to a file that a log shipper (Filebeat, Elastic Agent, Fluent Bit)
 * tails, or to standard output in a container. A batch counts as delivered once written and, for a
 * file, forced to disk. The file is reopened after a failure, so a rotated or deleted file is
 * recreated.
 */
public final class LineFileTransport implements Transport {

    private final Path file;
    private final int batchSize;
    private FileOutputStream out;

    /** @param file the file, or null for standard output */
    public LineFileTransport(Path file, int batchSize) {
        this.file = file;
        this.batchSize = batchSize;
    }

    @Override
    public int maxBatch() {
        return batchSize;
    }

    @Override
    public Result send(List<SpoolRecord> batch) {
        try {
            if (file == null) {
                PrintStream stdout = System.out;
                synchronized (stdout) {
                    for (SpoolRecord r : batch) {
                        stdout.write(r.payload());
                        stdout.write('\n');
                    }
                    stdout.flush();
                }
                return stdout.checkError() ? Result.retry("standard output failed") : Result.delivered();
            }
            if (out == null || !Files.exists(file)) {
                closeQuietly();
                Path parent = file.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                out = new FileOutputStream(file.toFile(), true);
            }
            OutputStream o = out;
            for (SpoolRecord r : batch) {
                o.write(r.payload());
                o.write('\n');
            }
            out.getChannel().force(false);
            return Result.delivered();
        } catch (IOException e) {
            closeQuietly();
            return Result.retry(e.toString());
        }
    }

    private void closeQuietly() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                // reopened on the next batch
            }
            out = null;
        }
    }

    @Override
    public String describe() {
        return file == null ? "standard output" : "file " + file;
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
