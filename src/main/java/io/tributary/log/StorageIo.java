package io.tributary.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * How the engine opens, renames and deletes files (segments, indexes, metadata, directories for fsync) and creates
 * directories: every operation whose durability matters goes through here, so that a test can stand between the engine
 * and the disk. The default is the real file system; tests substitute one that fails on demand to prove the engine
 * survives a full or failing disk, or a crash between any two file operations of a segment swap, and one that
 * simulates a power cut: it keeps written bytes volatile until {@code force()} and directory entries (create, rename,
 * delete) volatile until their directory is fsynced (opened here and forced, {@link LogFiles#fsyncDirectory}).
 *
 * <p>Reads (listing a directory, reading metadata, checking that a file exists) go to {@code java.nio.file} directly:
 * they change nothing, and a simulation keeps the real files as the volatile state it reads from.
 */
@FunctionalInterface
public interface StorageIo {

    StorageIo DEFAULT = FileChannel::open;

    FileChannel open(Path path, Set<? extends OpenOption> options) throws IOException;

    /** Renames atomically, replacing the target if it exists: after a crash the file has the old name or the new one. */
    default void move(Path source, Path target) throws IOException {
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Deletes a file, or an empty directory, if it exists. */
    default void delete(Path file) throws IOException {
        Files.deleteIfExists(file);
    }

    /** Creates a directory and any missing parents; nothing when it exists. Durable once its parent is fsynced. */
    default void createDirectories(Path dir) throws IOException {
        Files.createDirectories(dir);
    }

    /** Makes the entries of {@code dir} (files created, renamed or deleted in it) durable: opens it and forces it. */
    default void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = open(dir, Set.of(StandardOpenOption.READ))) {
            channel.force(true);
        }
    }

    /** Creates a directory and its missing parents so that a power cut keeps them: each new one's parent is fsynced. */
    default void createDirectoriesDurably(Path dir) throws IOException {
        LogFiles.createDirectoriesDurably(this, dir);
    }
}
