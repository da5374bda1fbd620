package io.tributary.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** File names of the log directory and the few durable file operations everything else builds on. */
final class LogFiles {

    static final String LOG_SUFFIX = ".log";
    static final String INDEX_SUFFIX = ".index";
    static final String TIME_INDEX_SUFFIX = ".timeindex";
    static final String DELETED_SUFFIX = ".deleted";
    /** A cleaned copy being written; removed at open (the cleaning never finished). */
    static final String CLEANED_SUFFIX = ".cleaned";
    /** A cleaned copy that replaces the segments in its offset range; completed at open. */
    static final String SWAP_SUFFIX = ".swap";
    /** Per partition: where the cleaner's dirty part starts, and when the next tombstones expire. */
    static final String CLEANER_CHECKPOINT = "cleaner-offset-checkpoint";
    /** Where a v2 batch header keeps its maximum timestamp. */
    static final int MAX_TIMESTAMP_POSITION = 35;
    static final String TEMP_SUFFIX = ".tmp";
    static final String METADATA_SUFFIX = ".properties";
    static final String CLEAN_SHUTDOWN = ".clean-shutdown";
    static final String LOCK = ".lock";
    /** Written and removed by {@link LogManager#probeStorage()}; a temp file, so removed at open if a crash left it. */
    static final String STORAGE_PROBE = ".storage-probe" + TEMP_SUFFIX;

    static final Set<StandardOpenOption> READ_WRITE =
            Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
    static final Set<StandardOpenOption> CREATE_NEW_WRITE =
            Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
    static final Set<StandardOpenOption> CREATE_NEW_WRITE_READ = Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE,
            StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);

    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private LogFiles() {
    }

    /** The engine never builds a path outside its directory, whatever the caller validated before. */
    static String requireSafeTopicName(String name) {
        if (name == null || !TOPIC_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("Illegal topic name '" + name + "': 1 to 249 of [a-zA-Z0-9._-], not '.' or '..'");
        }
        return name;
    }

    static String segmentName(long baseOffset) {
        return String.format("%020d", baseOffset);
    }

    static Path logFile(Path partitionDir, long baseOffset) {
        return partitionDir.resolve(segmentName(baseOffset) + LOG_SUFFIX);
    }

    static Path indexFile(Path partitionDir, long baseOffset) {
        return partitionDir.resolve(segmentName(baseOffset) + INDEX_SUFFIX);
    }

    static Path timeIndexFile(Path partitionDir, long baseOffset) {
        return partitionDir.resolve(segmentName(baseOffset) + TIME_INDEX_SUFFIX);
    }

    /** The base offset a segment file is named after, or -1 when the name is not {@code <20 digits><suffix>}. */
    static long baseOffsetOf(Path file, String suffix) {
        String name = file.getFileName().toString();
        if (!name.endsWith(suffix) || name.length() != 20 + suffix.length()) {
            return -1;
        }
        String digits = name.substring(0, 20);
        for (int i = 0; i < digits.length(); i++) {
            if (!Character.isDigit(digits.charAt(i))) {
                return -1;
            }
        }
        return Long.parseLong(digits);
    }

    /**
     * The base offset of any file of a segment ({@code <20 digits>.log|.index|.timeindex}, also when retired to
     * {@code .deleted}), or -1.
     */
    static long segmentBaseOffsetOf(Path file) {
        String name = file.getFileName().toString();
        if (name.endsWith(DELETED_SUFFIX)) {
            name = name.substring(0, name.length() - DELETED_SUFFIX.length());
        }
        Path plain = file.resolveSibling(name);
        for (String suffix : new String[]{LOG_SUFFIX, INDEX_SUFFIX, TIME_INDEX_SUFFIX}) {
            long base = baseOffsetOf(plain, suffix);
            if (base >= 0) {
                return base;
            }
        }
        return -1;
    }

    /** A segment's log file, retired to {@code .deleted} or not. */
    static boolean isSegmentLog(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(LOG_SUFFIX) || name.endsWith(LOG_SUFFIX + DELETED_SUFFIX);
    }

    static Path withSuffix(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }

    /** Writes the whole buffer at {@code position}; a regular file may still take it in several calls. */
    static void writeFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
    }

    /** Reads until {@code buffer} is full or end of file; returns the bytes read. */
    static int readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        int total = 0;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    /** Makes directory entries (created, renamed, deleted files) durable. */
    static void fsyncDirectory(StorageIo io, Path dir) throws IOException {
        io.fsyncDirectory(dir);
    }

    /**
     * Creates a directory and its missing parents so that they survive a power cut: a new directory's entry is durable
     * only once its parent is fsynced, so each one created is. Nothing is fsynced when the directory exists.
     */
    static void createDirectoriesDurably(StorageIo io, Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        Path existing = absolute;
        while (existing != null && !Files.isDirectory(existing)) {
            existing = existing.getParent();
        }
        io.createDirectories(absolute);
        for (Path created = absolute; created != null && !created.equals(existing); created = created.getParent()) {
            fsyncDirectory(io, created.getParent());
        }
    }

    /** Replaces {@code target} with {@code content} so that a crash leaves either the old or the new file, never a mix. */
    static void writeAtomically(StorageIo io, Path target, byte[] content) throws IOException {
        // a short random name: the target's name may already be near the file system's 255-byte limit
        Path temp = target.resolveSibling(UUID.randomUUID() + TEMP_SUFFIX);
        try (FileChannel channel = io.open(temp, CREATE_NEW_WRITE)) {
            writeFully(channel, ByteBuffer.wrap(content), 0);
            channel.force(true);
        }
        io.move(temp, target);
        fsyncDirectory(io, target.getParent());
    }

    /** Deletes a directory with everything in it, files first, each through {@code io}. */
    static void deleteRecursively(StorageIo io, Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                io.delete(p);
            }
        }
    }
}
