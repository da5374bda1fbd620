package io.tributary.bench;

import com.sun.nio.file.ExtendedOpenOption;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;

/**
 * The data disk's physical limits, measured where the logs live: sequential write bandwidth with O_DIRECT (what the
 * device sustains, no page cache) and the rate and latency of small appends each followed by an fsync (fdatasync), which
 * bounds a durable log that syncs every acknowledgement without group commit.
 */
final class DiskProbe {

    static void run(Options options) throws Exception {
        Path dir = Path.of(options.required("dir"));
        int sequentialMib = options.integer("seq-mib", 1024);
        int blockMib = options.integer("block-mib", 4);
        int appendSize = options.integer("append-size", 1024);
        double fsyncSeconds = options.decimal("fsync-seconds", 5);
        Results results = Results.from(options);
        options.rejectUnknown();
        Files.createDirectories(dir);

        // fsync first: the sequential writes leave the device busy with writeback for a while
        Path log = dir.resolve("fsync.tmp");
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer record = ByteBuffer.allocateDirect(appendSize);
            Latencies latencies = new Latencies();
            long end = System.nanoTime() + Clock.seconds(fsyncSeconds);
            long count = 0;
            long start = System.nanoTime();
            long now = start;
            while (now < end) {
                record.clear();
                channel.write(record);
                channel.force(false);
                long done = System.nanoTime();
                latencies.recordNanos(done - now);
                now = done;
                count++;
            }
            results.put("fsync_per_s", Clock.perSecond(count, now - start), "appends+fsync/s");
            latencies.report(results, "fsync_");
        } finally {
            Files.deleteIfExists(log);
        }
        Path seq = dir.resolve("seqwrite.tmp");
        try {
            results.put("seq_write_direct_mib_per_s", sequentialDirect(seq, sequentialMib, blockMib), "MiB/s");
        } catch (UnsupportedOperationException | java.io.IOException e) {
            results.note("O_DIRECT not supported here (" + e + "), falling back to buffered write + fsync");
            results.put("seq_write_direct_mib_per_s", sequentialBuffered(seq, sequentialMib, blockMib), "MiB/s");
        } finally {
            Files.deleteIfExists(seq);
        }
        Path seqBuffered = dir.resolve("seqwrite-buffered.tmp");
        try {
            results.put("seq_write_buffered_fsync_mib_per_s",
                    sequentialBuffered(seqBuffered, sequentialMib, blockMib), "MiB/s");
        } finally {
            Files.deleteIfExists(seqBuffered);
        }
    }

    private static double sequentialDirect(Path file, int mib, int blockMib) throws Exception {
        int block = (int) Math.max(4096, Files.getFileStore(file.getParent()).getBlockSize());
        ByteBuffer buffer = ByteBuffer.allocateDirect(blockMib * 1024 * 1024 + block).alignedSlice(block);
        fillRandom(buffer);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING, ExtendedOpenOption.DIRECT)) {
            long start = System.nanoTime();
            for (int i = 0; i < mib; i += blockMib) {
                buffer.clear();
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
            channel.force(true);
            return mib / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static double sequentialBuffered(Path file, int mib, int blockMib) throws Exception {
        ByteBuffer buffer = ByteBuffer.allocateDirect(blockMib * 1024 * 1024);
        fillRandom(buffer);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            long start = System.nanoTime();
            for (int i = 0; i < mib; i += blockMib) {
                buffer.clear();
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
            channel.force(true);
            return mib / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static void fillRandom(ByteBuffer buffer) {
        SplittableRandom random = new SplittableRandom(3);
        while (buffer.remaining() >= 8) {
            buffer.putLong(random.nextLong());
        }
        buffer.clear();
    }

    private DiskProbe() {
    }
}
