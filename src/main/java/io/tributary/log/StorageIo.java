package io.tributary.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;

/**
 * How the engine opens, renames and deletes files (segments, indexes, metadata, directories for fsync). The default is
 * the real file system; tests substitute one that fails on demand to prove the engine survives a full or failing disk,
 * or a crash between any two file operations of a segment swap.
 */
@FunctionalInterface
public interface StorageIo {

    StorageIo DEFAULT = FileChannel::open;

    FileChannel open(Path path, Set<? extends OpenOption> options) throws IOException;

    /** Renames atomically, replacing the target if it exists: after a crash the file has the old name or the new one. */
    default void move(Path source, Path target) throws IOException {
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Deletes a file if it exists. */
    default void delete(Path file) throws IOException {
        Files.deleteIfExists(file);
    }
}
