package io.logintelemetry.geoip;

import com.maxmind.db.InvalidDatabaseException;
import io.logintelemetry.log.Logs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A source backed by one file: loaded at start-up, then re-checked by the reload thread and swapped in
 * atomically when the file changed. Lookups read the current data through one volatile reference and
 * never wait for a load. A file that cannot be loaded (missing, empty, damaged, of the wrong kind) is
 * reported once per version of the file; at start-up the source then stays empty, later it keeps what
 * it had.
 *
 * @param <T> the loaded data
 */
final class Reloadable<T extends Loaded> implements IpSource {

    /** Reads the file into memory; throws when it is not usable. */
    interface Loader<T> {
        T load(Path file) throws IOException;
    }

    private final String key;
    private final Path file;
    private final Loader<T> loader;
    private final String features;
    private final Logs.Logger log;

    private volatile T current;
    // Touched only at start-up and then by the one reload thread.
    private FileStamp loadedStamp;
    private FileStamp refusedStamp;

    Reloadable(String key, Path file, Loader<T> loader, String features, Logs.Logger log) {
        this.key = key;
        this.file = file;
        this.loader = loader;
        this.features = features;
        this.log = log;
    }

    String key() {
        return key;
    }

    Path file() {
        return file;
    }

    /** What goes missing while this source has no data, e.g. "Tor exit list". */
    String features() {
        return features;
    }

    /** The data in use, or null while none could be loaded. */
    T current() {
        return current;
    }

    /** First load, on the starting thread. Returns whether it succeeded; on failure, one warning. */
    boolean start() {
        FileStamp stamp = FileStamp.of(file);
        try {
            T loaded = load(stamp);
            current = loaded;
            loadedStamp = stamp;
            log.info("Login Telemetry geoip: loaded " + key + " " + file + ": " + loaded.summary());
            return true;
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            refusedStamp = stamp;
            log.warn("Login Telemetry geoip: cannot load " + key + " " + file + ": " + reason(e)
                    + "; running on without it (disabled: " + features + "); it is loaded once a good file is there");
            return false;
        }
    }

    /**
     * Loads the file again if it changed since the last load or refusal. Runs on the reload thread.
     * Returns whether new data was swapped in.
     */
    boolean check() {
        FileStamp stamp = FileStamp.of(file);
        if (stamp.equals(loadedStamp) || stamp.equals(refusedStamp)) {
            return false;
        }
        try {
            T loaded = load(stamp);
            current = loaded;
            loadedStamp = stamp;
            refusedStamp = null;
            log.info("Login Telemetry geoip: reloaded " + key + " " + file + ": " + loaded.summary());
            return true;
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            refusedStamp = stamp;
            log.warn("Login Telemetry geoip: cannot reload " + key + " " + file + ": " + reason(e)
                    + (current != null ? "; keeping the data loaded before" : "; still running without it (disabled: " + features + ")"));
            return false;
        }
    }

    private T load(FileStamp stamp) throws IOException {
        if (!stamp.exists()) {
            throw new IOException(Files.exists(file) ? "not readable" : "no such file");
        }
        if (stamp.size() == 0) {
            throw new IOException("the file is empty");
        }
        return loader.load(file);
    }

    @Override
    public void contribute(Draft draft) throws Exception {
        // Curated files are not sources themselves: they are merged into one table before use.
        T data = current;
        if (data instanceof IpSource source) {
            source.contribute(draft);
        }
    }

    /** One phrase for a log line: why the file was refused. */
    static String reason(Throwable e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (e instanceof java.io.FileNotFoundException || e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or not readable";
        }
        if (e instanceof OutOfMemoryError) {
            // Marked refused like any bad file, so the same file is not retried (and fails again) every interval.
            return "not enough heap to hold it (" + message + ")";
        }
        if (e instanceof InvalidDatabaseException) {
            return "not a valid MaxMind database (" + message + ")";
        }
        if (e instanceof RuntimeException) {
            // The reader lets runtime exceptions out for some damaged files (a cut-off metadata section).
            return "damaged file (" + e.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message) + ")";
        }
        return message.isEmpty() ? e.getClass().getSimpleName() : message;
    }
}
