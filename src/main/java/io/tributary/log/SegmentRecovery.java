package io.tributary.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.function.Function;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.record.internal.MutableRecordBatch;

/**
 * Opens an existing segment. Trusted path (clean shutdown, or a closed segment): load both index files and scan only
 * the batches after the last index entry. Recovery path (the active segment after a crash, or index files that do not
 * match the log): scan every batch from the start, verify checksums and offsets, truncate at the first torn or corrupt
 * batch, and rebuild the indexes. Offsets must increase from batch to batch; only a closed segment may skip some (the
 * cleaner removed them), the active one is never cleaned, so a gap there is damage.
 */
final class SegmentRecovery {

    private static final int SCAN_CHUNK = 1 << 20;

    private final LogSettings settings;
    private final RecoveryLog recovery;

    SegmentRecovery(LogSettings settings, RecoveryLog recovery) {
        this.settings = settings;
        this.recovery = recovery;
    }

    /**
     * @param recoverFully scan and verify the whole segment (the active one after a crash)
     * @param closed       not the partition's last segment: offsets may have gaps (compaction)
     */
    Segment load(Path dir, long baseOffset, boolean recoverFully, boolean closed) throws IOException {
        FileChannel channel = settings.storage().open(LogFiles.logFile(dir, baseOffset), LogFiles.READ_WRITE);
        try {
            long fileSize = channel.size();
            String name = dir.getFileName() + "/" + LogFiles.segmentName(baseOffset);
            Segment segment;
            if (recoverFully) {
                segment = rebuild(dir, baseOffset, channel, fileSize, name, null, closed);
            } else {
                segment = loadTrusted(dir, baseOffset, channel, fileSize, name, closed);
            }
            return segment;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private Segment loadTrusted(Path dir, long baseOffset, FileChannel channel, long fileSize, String name, boolean closed)
            throws IOException {
        OffsetIndex offsetIndex;
        TimeIndex timeIndex;
        Path offsetFile = LogFiles.indexFile(dir, baseOffset);
        Path timeFile = LogFiles.timeIndexFile(dir, baseOffset);
        // A clean close leaves the active segment without index files when they would cover little (PartitionLog,
        // MAX_UNINDEXED_BYTES_AT_CLOSE): then the whole segment is the tail to scan. One file without the other is damage.
        boolean neverIndexed = !closed && !Files.exists(offsetFile) && !Files.exists(timeFile);
        long indexedLog = neverIndexed ? 0 : fileSize;
        try {
            offsetIndex = readIndex(offsetFile, indexedLog, OffsetIndex::parse, OffsetIndex.empty());
            timeIndex = readIndex(timeFile, indexedLog, TimeIndex::parse, TimeIndex.empty());
            if (offsetIndex.count() > 0 && offsetIndex.lastPosition() >= fileSize) {
                throw new IllegalStateException("offset index points past the end of the log");
            }
        } catch (IllegalStateException e) {
            return rebuild(dir, baseOffset, channel, fileSize, name, e.getMessage(), closed);
        }
        Segment segment = new Segment(dir, baseOffset, channel, offsetIndex, timeIndex, settings);
        segment.resumeAtLastIndexEntry();
        String problem = scan(segment, fileSize, false, closed);
        if (problem == null && timeIndex.lastRelativeOffset() > segment.relative(segment.nextOffset())) {
            problem = "time index points past the end of the log";
        }
        return problem == null ? segment : rebuild(dir, baseOffset, channel, fileSize, name, problem, closed);
    }

    /** Scans the whole log, truncates at the first bad batch, writes fresh indexes. */
    private Segment rebuild(Path dir, long baseOffset, FileChannel channel, long fileSize, String name, String reason,
                            boolean closed) throws IOException {
        recovery.scanned();
        String partition = dir.getFileName().toString();
        Segment segment = new Segment(dir, baseOffset, channel, OffsetIndex.empty(), TimeIndex.empty(), settings);
        String problem = scan(segment, fileSize, true, closed);
        if (problem != null) {
            long dropped = fileSize - segment.size();
            recovery.truncated(partition, dropped, "truncated " + name + LogFiles.LOG_SUFFIX + " at byte " + segment.size()
                    + " (dropped " + dropped + " bytes): " + problem);
            segment.truncateTo(segment.size());
        }
        if (reason != null) {
            recovery.repaired(partition, "rebuilt indexes of " + name + ": " + reason);
        }
        // The active segment scanned after a crash, intact: its index files on disk, if any, are left for the next clean
        // close to rewrite (after a crash with 10,000 partitions, two fsyncs each would add tens of seconds to the
        // start). Until then nothing reads them: this run uses the indexes the scan built in memory.
        if (closed || problem != null || reason != null) {
            segment.writeIndexes();
        } else if (Files.exists(LogFiles.indexFile(dir, baseOffset)) || Files.exists(LogFiles.timeIndexFile(dir, baseOffset))) {
            segment.indexFilesUnverified();
        }
        return segment;
    }

    /** Tracks every batch from the segment's current end; returns what stopped the scan early, or null. */
    private String scan(Segment segment, long limit, boolean verifyChecksums, boolean gapsAllowed) throws IOException {
        BatchScanner scanner = new BatchScanner(segment, segment.size(), limit, SCAN_CHUNK);
        try {
            for (MutableRecordBatch batch = scanner.next(); batch != null; batch = scanner.next()) {
                long position = scanner.batchPosition();
                boolean inOrder = gapsAllowed ? batch.baseOffset() >= segment.nextOffset()
                        : batch.baseOffset() == segment.nextOffset();
                if (!inOrder || batch.lastOffset() < batch.baseOffset()) {
                    return "batch at position " + position + " has offset " + batch.baseOffset() + ", expected "
                            + segment.nextOffset();
                }
                if (verifyChecksums) {
                    try {
                        batch.ensureValid();
                    } catch (KafkaException e) {
                        return "batch at position " + position + " is corrupt (" + e.getMessage() + ")";
                    }
                }
                if (!segment.canHold(batch.lastOffset())) {
                    return "batch at position " + position + " has offsets beyond the segment's range";
                }
                segment.track(position, batch.baseOffset(), batch.lastOffset(), batch.maxTimestamp(), batch.sizeInBytes());
            }
            return null;
        } catch (BatchScanner.BrokenBatchException e) {
            return e.getMessage();
        }
    }

    private <T> T readIndex(Path file, long logSize, Function<ByteBuffer, T> parser, T empty) throws IOException {
        if (!Files.exists(file)) {
            if (logSize == 0) {
                return empty;
            }
            throw new IllegalStateException(file.getFileName() + " is missing");
        }
        try (FileChannel channel = settings.storage().open(file, Set.of(StandardOpenOption.READ))) {
            long size = channel.size();
            if (size > Integer.MAX_VALUE) {
                throw new IllegalStateException(file.getFileName() + " is too large");
            }
            ByteBuffer bytes = ByteBuffer.allocate((int) size);
            LogFiles.readFully(channel, bytes, 0);
            return parser.apply(bytes.flip());
        }
    }

    /**
     * Gives the active segment its age for segment.ms after a restart: the first batch's timestamp, as Kafka does
     * (capped at now, so a producer's future timestamp cannot postpone the roll).
     */
    void restoreRollBasis(Segment active) throws IOException {
        if (active.isEmpty()) {
            return;
        }
        long now = settings.clock().millis();
        long first = active.firstBatchTimestamp();
        active.setRollBasis(first < 0 ? now : Math.min(first, now));
    }
}
