package io.logintelemetry.geoip;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What a file looked like when last checked: modification time, size and identity (inode where the
 * platform has one, so a new file renamed over the old is seen even with the same size and time).
 */
record FileStamp(boolean exists, long modifiedNanos, long size, Object fileKey) {

    static final FileStamp MISSING = new FileStamp(false, 0, -1, null);

    static FileStamp of(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new FileStamp(true, a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS), a.size(),
                    a.fileKey());
        } catch (IOException | RuntimeException e) {
            return MISSING;
        }
    }
}
