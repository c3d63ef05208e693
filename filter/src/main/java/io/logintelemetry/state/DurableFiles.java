package io.logintelemetry.state;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The file-system steps that make what we keep on disk (state snapshots, export spools) survive a
 * crash or power loss, and readable by the app's own user only.
 */
public final class DurableFiles {

    private DurableFiles() {
    }

    /**
     * Permissions for a file or directory created for the owner only ({@code "rw-------"},
     * {@code "rwx------"}), or none where the file system has no POSIX permissions. What we keep
     * holds account ids and addresses.
     */
    public static FileAttribute<?>[] ownerOnly(Path path, String permissions) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))}
                : new FileAttribute<?>[0];
    }

    /**
     * Puts {@code written}, already forced to disk, in the place of {@code target} in one step, and
     * makes the rename durable: a reader sees the old file or the new one, never a mix.
     */
    public static void replace(Path written, Path target) throws IOException {
        try {
            Files.move(written, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(written, target, StandardCopyOption.REPLACE_EXISTING);
        }
        Path dir = target.toAbsolutePath().getParent();
        if (dir != null) {
            forceDirectory(dir);
        }
    }

    /**
     * Forces a directory's entries (files created, renamed or deleted in it) to disk. Windows cannot
     * open a directory; there the files themselves were forced, which is all it offers.
     */
    public static void forceDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            if (!System.getProperty("os.name", "").startsWith("Windows")) {
                throw e;
            }
        }
    }
}
