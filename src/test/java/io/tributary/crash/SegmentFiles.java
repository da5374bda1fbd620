package io.tributary.crash;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A partition's files as the test sees them on disk (docs/log-format.md): segment logs of Kafka v2 record batches,
 * each batch starting with its base offset (int64) and the length of the rest (int32); the sparse offset index of
 * (relative offset, position) int32 pairs. Used to damage them the way disks and crashes do.
 */
final class SegmentFiles {

    private static final int BATCH_HEADER = Long.BYTES + Integer.BYTES;

    /** Where a batch starts and how long it is. */
    record Batch(long position, int size) {
    }

    private SegmentFiles() {
    }

    /** The segment logs of {@code <logDir>/<partition>}, oldest first. */
    static List<Path> segments(Path logDir, String partition) throws IOException {
        try (Stream<Path> files = Files.list(logDir.resolve(partition))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList();
        }
    }

    static Path index(Path segment) {
        return sibling(segment, ".index");
    }

    static Path timeIndex(Path segment) {
        return sibling(segment, ".timeindex");
    }

    static List<Batch> batches(Path segment) throws IOException {
        List<Batch> batches = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ)) {
            ByteBuffer header = ByteBuffer.allocate(BATCH_HEADER);
            for (long position = 0; position < channel.size(); ) {
                header.clear();
                channel.read(header, position);
                int size = BATCH_HEADER + header.getInt(Long.BYTES);
                batches.add(new Batch(position, size));
                position += size;
            }
        }
        return batches;
    }

    static void truncate(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }

    static void flipByte(Path file, long position) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            channel.read(b, position);
            b.put(0, (byte) ~b.get(0));
            channel.write(b.rewind(), position);
        }
    }

    /** Moves every position of an offset index by {@code delta}: an index that no longer matches its log. */
    static void shiftIndexPositions(Path index, int delta) throws IOException {
        ByteBuffer entries = ByteBuffer.wrap(Files.readAllBytes(index));
        for (int at = 0; at + 2 * Integer.BYTES <= entries.limit(); at += 2 * Integer.BYTES) {
            entries.putInt(at + Integer.BYTES, entries.getInt(at + Integer.BYTES) + delta);
        }
        Files.write(index, entries.array());
    }

    private static Path sibling(Path segment, String suffix) {
        String name = segment.getFileName().toString();
        return segment.resolveSibling(name.substring(0, name.length() - ".log".length()) + suffix);
    }
}
