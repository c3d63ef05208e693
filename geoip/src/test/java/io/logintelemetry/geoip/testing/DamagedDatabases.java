package io.logintelemetry.geoip.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Files that are not valid databases, for the error-handling tests: random bytes, a valid file cut
 * short, and an empty file. They are written in place (not atomically) since a half-written file is
 * just what some tests want to show a watcher.
 */
public final class DamagedDatabases {

    private DamagedDatabases() {
    }

    /**
     * {@code size} random bytes from a fixed seed, so a failure can be reproduced. Random bytes almost
     * never contain the metadata marker, which is what readers reject them for.
     */
    public static Path corrupt(Path target, int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return write(target, bytes);
    }

    /**
     * The first {@code keepFraction} (0 to 1) of a valid file. Cutting anywhere before the end loses at
     * least part of the metadata, which sits last; a fraction of 0.5 typically also cuts into the data.
     */
    public static Path truncated(Path target, byte[] validFile, double keepFraction) {
        if (keepFraction < 0 || keepFraction >= 1) {
            throw new IllegalArgumentException("keepFraction must be in [0, 1): " + keepFraction);
        }
        return truncated(target, validFile, (int) (validFile.length * keepFraction));
    }

    /** The first {@code length} bytes of a valid file. */
    public static Path truncated(Path target, byte[] validFile, int length) {
        if (length < 0 || length >= validFile.length) {
            throw new IllegalArgumentException("length must be shorter than the file: " + length);
        }
        byte[] cut = new byte[length];
        System.arraycopy(validFile, 0, cut, 0, length);
        return write(target, cut);
    }

    /** A valid file whose metadata marker survives but whose metadata map is cut off mid-way. */
    public static Path truncatedInMetadata(Path target, byte[] validFile) {
        int marker = lastIndexOf(validFile, MmdbWriter.metadataMarker());
        int end = marker + MmdbWriter.metadataMarker().length + 3;
        return truncated(target, validFile, Math.min(end, validFile.length - 1));
    }

    public static Path empty(Path target) {
        return write(target, new byte[0]);
    }

    private static Path write(Path target, byte[] bytes) {
        try {
            Path parent = target.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            return Files.write(target, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    private static int lastIndexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = haystack.length - needle.length; i >= 0; i--) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("no metadata marker: not a MaxMind DB file");
    }
}
