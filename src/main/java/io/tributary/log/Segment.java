package io.tributary.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * One segment: a log file of record batches starting at {@code baseOffset}, with its offset and time indexes.
 * Written only by its partition's appender (under the append lock), read concurrently by anyone: the fields readers
 * use are volatile, and readers never go past the size the partition has published to them.
 */
final class Segment {

    /** The writer's state at one moment; restoring it undoes everything written after. */
    record Mark(Segment segment, long size, long nextOffset, long maxTimestamp, long rollBasisMs,
                int bytesSinceIndexEntry, int offsetEntries, int timeEntries) {
    }

    private final long baseOffset;
    private final Path dir;
    /** Replaced only when an interrupt closed it under a thread that still needs it; see {@link #io}. */
    private volatile FileChannel channel;
    private volatile Path logFile;
    private volatile boolean released;
    /** The files were renamed to {@code *.deleted}: the plain names may belong to a segment that replaced this one. */
    private volatile boolean markedDeleted;
    private final OffsetIndex offsetIndex;
    private final TimeIndex timeIndex;
    private final LogSettings settings;

    private volatile long size;
    private volatile long nextOffset;
    private volatile long maxTimestamp = -1;
    /** Broker time of the first append (or the first batch's timestamp after a restart); -1 while empty. */
    private volatile long rollBasisMs = -1;
    private int bytesSinceIndexEntry;
    /**
     * How much of the log the index files on disk cover: a start after a clean shutdown scans only the batches past
     * it. Their last entry's position when loaded, the size when written, 0 when unknown (recovery did not write them).
     */
    private long indexedSize;
    /**
     * Recovery scanned this segment after a crash and left its index files as they were, unchecked: they may be what a
     * crash cut short while writing them. The next clean close rewrites them, so a start after it never trusts them.
     */
    private boolean indexFilesUnverified;

    Segment(Path dir, long baseOffset, FileChannel channel, OffsetIndex offsetIndex, TimeIndex timeIndex, LogSettings settings) {
        this(dir, baseOffset, LogFiles.logFile(dir, baseOffset), channel, offsetIndex, timeIndex, settings);
    }

    private Segment(Path dir, long baseOffset, Path logFile, FileChannel channel, OffsetIndex offsetIndex, TimeIndex timeIndex,
                    LogSettings settings) {
        this.dir = dir;
        this.baseOffset = baseOffset;
        this.channel = channel;
        this.logFile = logFile;
        this.offsetIndex = offsetIndex;
        this.timeIndex = timeIndex;
        this.settings = settings;
        this.nextOffset = baseOffset;
    }

    /** A new, empty segment; the caller fsyncs the directory. */
    static Segment create(Path dir, long baseOffset, LogSettings settings) throws IOException {
        FileChannel channel = settings.storage().open(LogFiles.logFile(dir, baseOffset), LogFiles.READ_WRITE);
        try {
            channel.truncate(0);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return new Segment(dir, baseOffset, channel, OffsetIndex.empty(), TimeIndex.empty(), settings);
    }

    /**
     * A new, empty segment in {@code <base offset>.log.cleaned}: the cleaner writes a cleaned copy of closed segments
     * there, which {@link SegmentSwap} then puts in their place.
     */
    static Segment createCleaned(Path dir, long baseOffset, LogSettings settings) throws IOException {
        Path file = LogFiles.withSuffix(LogFiles.logFile(dir, baseOffset), LogFiles.CLEANED_SUFFIX);
        FileChannel channel = settings.storage().open(file, LogFiles.CREATE_NEW_WRITE_READ);
        return new Segment(dir, baseOffset, file, channel, OffsetIndex.empty(), TimeIndex.empty(), settings);
    }

    /** The log file was renamed (by a segment swap); the open channel goes on working. */
    void movedTo(Path file) {
        logFile = file;
    }

    long baseOffset() {
        return baseOffset;
    }

    long size() {
        return size;
    }

    long nextOffset() {
        return nextOffset;
    }

    long maxTimestamp() {
        return maxTimestamp;
    }

    long rollBasisMs() {
        return rollBasisMs;
    }

    boolean isEmpty() {
        return size == 0;
    }

    OffsetIndex offsetIndex() {
        return offsetIndex;
    }

    TimeIndex timeIndex() {
        return timeIndex;
    }

    Path logFile() {
        return logFile;
    }

    /** Offsets inside a segment are stored as int32 relative to its base. */
    boolean canHold(long lastOffset) {
        return lastOffset - baseOffset <= Integer.MAX_VALUE;
    }

    /**
     * Writes one batch (base offset already patched) at the end with a single positional write. On failure nothing
     * of it stays: the file is truncated back and the state is unchanged.
     */
    void append(ByteBuffer batch, long firstOffset, long lastOffset, long batchMaxTimestamp, long nowMs) throws IOException {
        long position = size;
        int batchSize = batch.remaining();
        try {
            io(c -> {
                LogFiles.writeFully(c, batch, position);
                return null;
            });
        } catch (IOException e) {
            truncateQuietly(position, e);
            throw e;
        }
        track(position, firstOffset, lastOffset, batchMaxTimestamp, batchSize);
        if (rollBasisMs < 0) {
            rollBasisMs = nowMs;
        }
    }

    /**
     * Accounts for a batch stored at {@code position}: by the appender after writing it, by recovery after validating it.
     * Kafka's rule for the sparse index: an entry for a batch once more than indexIntervalBytes were written since the last.
     */
    void track(long position, long firstOffset, long lastOffset, long batchMaxTimestamp, int batchSize) {
        if (bytesSinceIndexEntry > settings.indexIntervalBytes()) {
            int relative = relative(firstOffset);
            offsetIndex.append(relative, (int) position);
            timeIndex.maybeAppend(maxTimestamp, relative);
            bytesSinceIndexEntry = 0;
        }
        bytesSinceIndexEntry += batchSize;
        nextOffset = lastOffset + 1;
        if (batchMaxTimestamp > maxTimestamp) {
            maxTimestamp = batchMaxTimestamp;
        }
        size = position + batchSize;
    }

    /** Restores the state a scan that starts at the last index entry needs (index entries are at batch boundaries). */
    void resumeAtLastIndexEntry() {
        size = offsetIndex.lastPosition();
        indexedSize = size;
        nextOffset = baseOffset + Math.max(0, offsetIndex.lastRelativeOffset());
        maxTimestamp = timeIndex.lastTimestamp();
        bytesSinceIndexEntry = 0;
    }

    void setRollBasis(long rollBasisMs) {
        this.rollBasisMs = rollBasisMs;
    }

    Mark mark() {
        return new Mark(this, size, nextOffset, maxTimestamp, rollBasisMs, bytesSinceIndexEntry,
                offsetIndex.count(), timeIndex.count());
    }

    /** Undoes everything written after {@code mark}; the in-memory state is restored even when truncating fails. */
    void rollbackTo(Mark mark) throws IOException {
        size = mark.size();
        nextOffset = mark.nextOffset();
        maxTimestamp = mark.maxTimestamp();
        rollBasisMs = mark.rollBasisMs();
        bytesSinceIndexEntry = mark.bytesSinceIndexEntry();
        offsetIndex.truncateTo(mark.offsetEntries());
        timeIndex.truncateTo(mark.timeEntries());
        io(c -> c.truncate(mark.size()));
    }

    /** Drops everything from {@code position} on (recovery found it torn or corrupt). */
    void truncateTo(long position) throws IOException {
        io(c -> {
            c.truncate(position);
            c.force(true);
            return null;
        });
    }

    /** The cleaner's bulk write of whole batches, which it then {@link #track}s one by one. */
    void write(ByteBuffer batches, long position) throws IOException {
        io(c -> {
            LogFiles.writeFully(c, batches, position);
            return null;
        });
    }

    /**
     * The maximum timestamp of the first batch, or -1 when there is none: the age of the segment's oldest data as
     * Kafka judges it for max.compaction.lag.ms. One small read.
     */
    long firstBatchTimestamp() throws IOException {
        ByteBuffer header = ByteBuffer.allocate(LogFiles.MAX_TIMESTAMP_POSITION + Long.BYTES);
        return read(header, 0) < header.capacity() ? -1 : header.getLong(LogFiles.MAX_TIMESTAMP_POSITION);
    }

    void force() throws IOException {
        io(c -> {
            c.force(false);
            return null;
        });
    }

    int read(ByteBuffer into, long position) throws IOException {
        return io(c -> LogFiles.readFully(c, into, position));
    }

    private interface ChannelOp<T> {
        T apply(FileChannel channel) throws IOException;
    }

    /**
     * Runs an operation on the shared channel. A FileChannel closes itself for everyone when a thread using it is
     * interrupted, so the interrupt is held back during the operation (and restored after); if one still lands, or the
     * channel was closed under us that way, it is reopened for the other threads before the failure is reported.
     */
    private <T> T io(ChannelOp<T> op) throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            return op.apply(channel);
        } catch (ClosedChannelException e) {
            reopenUnlessReleased();
            throw e;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private synchronized void reopenUnlessReleased() throws IOException {
        if (!released && !channel.isOpen()) {
            channel = settings.storage().open(logFile, LogFiles.READ_WRITE);
        }
    }

    /**
     * Writes both index files whole and fsyncs them: at roll and close. First records the segment's maximum timestamp
     * in the time index, so a closed segment's maximum is known at open without a scan.
     */
    void writeIndexes() throws IOException {
        timeIndex.maybeAppend(maxTimestamp, relative(nextOffset));
        writeIndexFile(LogFiles.indexFile(dir, baseOffset), offsetIndex.serialize());
        writeIndexFile(LogFiles.timeIndexFile(dir, baseOffset), timeIndex.serialize());
        indexedSize = size;
        indexFilesUnverified = false;
    }

    /** Recovery kept index files it did not check (see {@link #indexFilesUnverified}). */
    void indexFilesUnverified() {
        indexFilesUnverified = true;
    }

    /** Bytes of the log past what the index files on disk cover: what a start after a clean shutdown scans. */
    long unindexedBytes() {
        return size - indexedSize;
    }

    private void writeIndexFile(Path file, ByteBuffer content) throws IOException {
        try (FileChannel index = settings.storage().open(file, LogFiles.READ_WRITE)) {
            int length = content.remaining();
            LogFiles.writeFully(index, content, 0);
            index.truncate(length);
            index.force(true);
        }
    }

    /**
     * Closes the active segment at a clean shutdown, leaving it as a start after one expects: everything durable, no
     * bytes past the tracked size (a failed write may have left some: trimmed), and the index files covering all but
     * at most {@code maxUnindexedBytes} of the log, which that start scans (without checksums: the data was fsynced).
     * Fsyncs only what needs it, so closing thousands of partitions that took few or no writes since their last roll
     * or start costs no fsync each: the log only when {@code unflushed} data or a trim is there, the index files only
     * when the unindexed tail is over the limit or recovery left them unchecked.
     */
    void flushAndClose(boolean unflushed, long maxUnindexedBytes) throws IOException {
        try {
            io(c -> {
                boolean trimmed = c.size() > size;
                if (trimmed) {
                    c.truncate(size);
                }
                if (trimmed || unflushed) {
                    c.force(true);
                }
                return null;
            });
            if (indexFilesUnverified || unindexedBytes() > maxUnindexedBytes) {
                writeIndexes();
            }
        } finally {
            closeQuietly();
        }
    }

    void closeQuietly() {
        released = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing after the data is gone or already failed: nothing left to protect
        }
    }

    /**
     * Renames the segment's files to {@code *.deleted}; the open channel keeps working for in-flight readers until
     * {@link #deleteFiles()}.
     */
    void markDeleted() throws IOException {
        for (Path file : files()) {
            try {
                settings.storage().move(file, LogFiles.withSuffix(file, LogFiles.DELETED_SUFFIX));
            } catch (NoSuchFileException ignored) {
                // an index that was never written
            }
        }
        markedDeleted = true; // not before: when a rename failed, deleteFiles() removes the files by their own names
        logFile = LogFiles.withSuffix(LogFiles.logFile(dir, baseOffset), LogFiles.DELETED_SUFFIX);
    }

    /** Makes the segment's renames and deletions durable: fsyncs its directory. */
    void fsyncDirectory() throws IOException {
        LogFiles.fsyncDirectory(settings.storage(), dir);
    }

    void deleteFiles() throws IOException {
        closeQuietly();
        for (Path file : files()) {
            settings.storage().delete(LogFiles.withSuffix(file, LogFiles.DELETED_SUFFIX));
            if (!markedDeleted) {
                settings.storage().delete(file);
            }
        }
    }

    private Path[] files() {
        return new Path[]{LogFiles.logFile(dir, baseOffset), LogFiles.indexFile(dir, baseOffset), LogFiles.timeIndexFile(dir, baseOffset)};
    }

    int relative(long offset) {
        return (int) (offset - baseOffset);
    }

    private void truncateQuietly(long position, IOException cause) {
        try {
            io(c -> c.truncate(position));
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public String toString() {
        return dir.getFileName() + "/" + LogFiles.segmentName(baseOffset);
    }
}
