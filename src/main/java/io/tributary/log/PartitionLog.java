package io.tributary.log;

import io.tributary.common.StoredRecord;
import io.tributary.common.TopicPartition;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One partition: an append-only sequence of records in segment files. Appends are serialized per partition; reads
 * take no lock and see records up to {@link #endOffset()}, which only moves once records are durable under the
 * flush policy ({@link DurabilityTracker} runs the fsyncs and what a failed one does; this class gives it the segments
 * and the locks). Thread-safe.
 */
public final class PartitionLog {

    private static final System.Logger LOG = System.getLogger(PartitionLog.class.getName());
    private static final int READ_ATTEMPTS = 3;
    /**
     * At a clean shutdown the active segment's index files are rewritten (two fsyncs) only when more than this much of
     * it is past what they cover; the next start scans at most this much per partition instead (10,000 partitions:
     * 10,000 x 3 fsyncs at every stop otherwise, at a few milliseconds each).
     */
    static final long MAX_UNINDEXED_BYTES_AT_CLOSE = 256 << 10;

    /** FAILED: a background fsync failed (interval policy); appends are refused until a restart, reads go on. */
    private enum State { OPEN, FAILED, CLOSED, DELETED }

    private final TopicPartition tp;
    private final Path dir;
    private final LogSettings settings;
    private final Supplier<TopicConfig> config;
    private final SegmentReaper reaper;
    private final LogReader reader;
    private final EndOffsetWaiters waiters = new EndOffsetWaiters();
    private final CleanerState cleanerState;

    /**
     * Serializes changes of the closed segments: retention's deletes, the cleaner's swaps, close. Held during a swap's
     * file operations, which appends do not wait for. Lock order: maintenanceLock, flushLock, appendLock.
     */
    private final ReentrantLock maintenanceLock = new ReentrantLock();
    /** Serializes appends, rolls and segment list changes. Lock order: flushLock before appendLock. */
    private final ReentrantLock appendLock = new ReentrantLock();
    /** Held while fsyncing or closing, so the two never overlap. */
    private final ReentrantLock flushLock = new ReentrantLock();
    private final Object viewLock = new Object();
    private final DurabilityTracker durability;
    private final IdempotentAppends idempotent;
    /** Whether {@link #idempotent} holds what the log holds: filled from the log on first use after a start. */
    private volatile boolean idempotentLoaded;

    /** Guarded by appendLock. */
    private final List<Segment> segments;
    private Segment active;

    /** The writer's state after the last write; what the next fsync will cover. */
    private volatile Segment.Mark written;
    private volatile LogView view;
    private volatile State state = State.OPEN;

    PartitionLog(TopicPartition tp, Path dir, List<Segment> segments, LogSettings settings, Supplier<TopicConfig> config,
                 SegmentReaper reaper) {
        this.tp = tp;
        this.dir = dir;
        this.settings = settings;
        this.config = config;
        this.reaper = reaper;
        this.reader = new LogReader(tp, settings.indexIntervalBytes());
        this.cleanerState = new CleanerState(dir);
        this.segments = new ArrayList<>(segments);
        this.active = this.segments.get(this.segments.size() - 1);
        this.written = active.mark();
        this.view = new LogView(this.segments, written);
        this.durability = new DurabilityTracker(tp, new Durability(), flushLock, appendLock, active.nextOffset());
        this.idempotent = new IdempotentAppends(settings.idempotency());
    }

    /** Creates the partition directory with one empty segment at offset 0. */
    static PartitionLog create(Path logDir, TopicPartition tp, LogSettings settings, Supplier<TopicConfig> config,
                               SegmentReaper reaper) throws IOException {
        Path dir = logDir.resolve(tp.dirName());
        settings.storage().createDirectories(dir);
        Segment first = Segment.create(dir, 0, settings);
        try {
            LogFiles.fsyncDirectory(settings.storage(), dir);
        } catch (IOException e) {
            first.closeQuietly();
            throw e;
        }
        return new PartitionLog(tp, dir, List.of(first), settings, config, reaper);
    }

    public TopicPartition topicPartition() {
        return tp;
    }

    /** The first offset still stored (moves forward with retention). */
    public long logStartOffset() {
        return view.logStartOffset();
    }

    /** The offset the next appended record will get, as far as readers can see (Kafka's high watermark). */
    public long endOffset() {
        return view.endOffset();
    }

    /** Bytes stored in all segments. */
    public long sizeInBytes() {
        return view.sizeInBytes();
    }

    /**
     * The largest timestamp of a record still stored, -1 when there is none: Kafka's ListOffsets MAX_TIMESTAMP, the
     * time of the last write for CreateTime producers with sane clocks. From the segments' in-memory state; no I/O.
     */
    public long maxTimestamp() {
        return view.maxTimestamp();
    }

    /** Number of segments, the active one included. */
    public int segmentCount() {
        return view.segments().size();
    }

    /**
     * Appends the records as one batch, in order, and returns once they are durable per the flush policy.
     *
     * @throws RecordTooLargeException when the encoded batch exceeds max.message.bytes (nothing written)
     * @throws LogStorageException     on I/O failure (nothing of this batch becomes visible)
     */
    public AppendResult append(List<NewRecord> records) {
        return append(records, null);
    }

    /**
     * Appends as {@link #append(List)}, with {@code identity} in the batch header; when the partition remembers an
     * append with the same identity, nothing is written and that append's result is returned instead. An idempotent
     * append is remembered once it is acknowledged (after its fsync under the durable policy). Callers send one
     * identity from one thread at a time (the produce path serializes requests per key): two appends of the same
     * identity at once could both be written.
     */
    public AppendResult append(List<NewRecord> records, ProducerIdentity identity) {
        TopicConfig cfg = config.get();
        if (cfg.compact()) {
            requireKeys(records);
        }
        long started = System.nanoTime();
        long now = settings.clock().millis();
        if (identity != null) {
            IdempotentBatch earlier = loadedIdempotentAppends().find(identity, settings.expiryNow());
            if (earlier != null) {
                return earlier.result();
            }
        }
        EncodedBatch batch = EncodedBatch.encode(records, now, cfg.logAppendTime(), identity);
        if (batch.sizeInBytes() > cfg.maxMessageBytes()) {
            throw new RecordTooLargeException("The batch of " + batch.recordCount() + " records is " + batch.sizeInBytes()
                    + " bytes, more than max.message.bytes (" + cfg.maxMessageBytes() + ") of topic '" + tp.topic() + "'");
        }
        long baseOffset;
        int epoch;
        appendLock.lock();
        try {
            ensureWritable();
            while (rollDue(cfg, now, batch)) {
                rollInLockOrder(cfg, now, batch);
            }
            baseOffset = active.nextOffset();
            active.append(batch.withBaseOffset(baseOffset), baseOffset, baseOffset + batch.recordCount() - 1,
                    batch.maxTimestamp(), now);
            written = active.mark();
            epoch = durability.epoch();
            if (!settings.durable()) {
                advanceView(written);
            }
        } catch (IOException e) {
            throw storageFailure("Could not append to " + tp, e);
        } finally {
            appendLock.unlock();
        }
        long lastOffset = baseOffset + batch.recordCount() - 1;
        settings.metrics().appended(tp, batch.recordCount(), batch.sizeInBytes(), System.nanoTime() - started);
        if (settings.durable()) {
            durability.awaitDurable(lastOffset, epoch);
        }
        waiters.endOffsetAdvanced(view.endOffset());
        if (identity != null) {
            idempotent.remember(new IdempotentBatch(identity, baseOffset, lastOffset, now), now, settings.expiryNow());
        }
        return new AppendResult(baseOffset, lastOffset, now);
    }

    /** Kafka's LogValidator rule: a compacted topic keeps the latest record per key, so a record needs one. */
    private void requireKeys(List<NewRecord> records) {
        for (NewRecord record : records) {
            if (record.key() == null) {
                throw new InvalidRecordException("Compacted topic cannot accept a record without a key (" + tp + ")");
            }
        }
    }

    /**
     * The idempotent appends of {@code producerId} this partition remembers (within the window), oldest first. The
     * first call after a start reads the batch headers of the segments written within the window.
     *
     * @throws LogStorageException when those segments cannot be read
     */
    public List<IdempotentBatch> idempotentBatches(long producerId) {
        return loadedIdempotentAppends().ofProducer(producerId, settings.expiryNow());
    }

    /**
     * Fills the memory from the log once: every batch with a producer id in the segments modified within the window.
     * Idempotent appends wait for it; others do not, and add no producer ids, so scanning up to the end as it is now
     * misses nothing.
     */
    private IdempotentAppends loadedIdempotentAppends() {
        if (idempotentLoaded) {
            return idempotent;
        }
        synchronized (idempotent) {
            if (!idempotentLoaded) {
                for (int attempt = 1; !idempotentLoaded; attempt++) {
                    try {
                        IdempotentAppendsLoader.load(view, settings.idempotency(), settings.expiryNow(), idempotent);
                        idempotentLoaded = true;
                    } catch (ClosedChannelException e) {
                        retryOrFail(attempt, e); // a segment went away under the scan (retention, a swap): look again
                    } catch (IOException e) {
                        throw storageFailure("Could not read the idempotent appends of " + tp, e);
                    }
                }
            }
        }
        return idempotent;
    }

    /**
     * Reads records from {@code offset} on: at most {@code maxRecords}, and stopping once {@code maxBytes} of record
     * data is reached, but always at least one record when any is there.
     *
     * @throws OffsetOutOfRangeException when offset is below logStartOffset or above endOffset
     */
    public LogReadResult read(long offset, int maxRecords, int maxBytes) {
        for (int attempt = 1; ; attempt++) {
            LogView v = view;
            ensureReadable();
            long start = v.logStartOffset();
            long end = v.endOffset();
            if (offset < start || offset > end) {
                throw new OffsetOutOfRangeException(tp, offset, start, end);
            }
            if (offset == end || maxRecords <= 0) {
                return new LogReadResult(List.of(), start, end, offset);
            }
            try {
                List<StoredRecord> records = reader.read(v, offset, maxRecords, maxBytes);
                // nothing from offset to the end: compaction removed what was there, so go on from the end
                long next = records.isEmpty() ? end : records.get(records.size() - 1).offset() + 1;
                return new LogReadResult(records, start, end, next);
            } catch (ClosedChannelException e) {
                retryOrFail(attempt, e); // a segment went away under us (retention, delete): look again
            } catch (IOException e) {
                throw storageFailure("Could not read " + tp, e);
            }
        }
    }

    /** The offset of the first record whose timestamp is at or after {@code timestamp}; empty when there is none. */
    public OptionalLong offsetForTimestamp(long timestamp) {
        for (int attempt = 1; ; attempt++) {
            LogView v = view;
            ensureReadable();
            try {
                return reader.offsetForTimestamp(v, timestamp);
            } catch (ClosedChannelException e) {
                retryOrFail(attempt, e);
            } catch (IOException e) {
                throw storageFailure("Could not search " + tp + " by timestamp", e);
            }
        }
    }

    /**
     * A future that completes as soon as {@link #endOffset()} is greater than {@code offset} (at once if it already
     * is). Long-polling readers wait on it without holding a thread; callers add their own timeout.
     */
    public CompletableFuture<Void> awaitEndOffsetAbove(long offset) {
        if (view.endOffset() > offset || isGone()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> future = waiters.add(offset);
        // the end offset may have moved, or the partition gone, between the check and the registration
        if (isGone()) {
            waiters.completeAll();
        } else {
            waiters.endOffsetAdvanced(view.endOffset());
        }
        return future;
    }

    // ---- durability

    /** Interval policy: the background fsync. */
    void flushIfDirty() {
        durability.flushIfDirty();
    }

    /** The segments as {@link DurabilityTracker} sees them; it calls these holding the locks it names. */
    private final class Durability implements DurabilityTracker.Log {

        @Override
        public long visibleEnd() {
            return view.endOffset();
        }

        @Override
        public long writtenEnd() {
            return written.nextOffset();
        }

        @Override
        public boolean writable() {
            return state == State.OPEN;
        }

        @Override
        public long fsyncWritten() throws IOException {
            Segment.Mark mark = written;
            if (state != State.OPEN) {
                ensureWritable();
            }
            long started = System.nanoTime();
            mark.segment().force();
            flushed(started);
            advanceView(mark);
            return mark.nextOffset();
        }

        @Override
        public long truncateToVisible() {
            Segment.Mark visible = view.active();
            written = visible;
            try {
                active.rollbackTo(visible);
            } catch (IOException e) {
                // the next write goes to the restored position anyway; recovery trims any tail left behind
                LOG.log(System.Logger.Level.WARNING, "Could not truncate " + active + " after a failed fsync", e);
            }
            return visible.nextOffset();
        }

        /** Readers go on (they read the page cache); only appends stop. */
        @Override
        public void takeOffline(IOException cause) {
            appendLock.lock();
            try {
                if (state == State.OPEN) {
                    state = State.FAILED;
                }
            } finally {
                appendLock.unlock();
            }
            LOG.log(System.Logger.Level.ERROR, "Background fsync of " + tp + " failed; the partition refuses appends until "
                    + "a restart, whose recovery checks what reached the disk", cause);
            settings.failureListener().storageFailed(tp, cause, true);
        }

        @Override
        public LogStorageException storageFailure(String what, IOException cause) {
            return PartitionLog.this.storageFailure(what, cause);
        }
    }

    /** Reports an I/O failure on the storage-failure channel and wraps it for the caller. */
    private LogStorageException storageFailure(String what, IOException cause) {
        settings.failureListener().storageFailed(tp, cause, false);
        return new LogStorageException(what + ": " + cause, cause);
    }

    /** An fsync that began at {@code started} succeeded: measured, and reported as the disk taking writes again. */
    private void flushed(long started) {
        settings.metrics().flushed(tp, System.nanoTime() - started);
        settings.failureListener().fsyncSucceeded(tp);
    }

    /** Publishes a later write position of the active segment; never moves readers backwards. */
    private void advanceView(Segment.Mark mark) {
        synchronized (viewLock) {
            LogView current = view;
            if (mark.segment() == current.active().segment() && mark.nextOffset() > current.endOffset()) {
                view = current.withActive(mark);
            }
        }
    }

    /** Holding appendLock: publishes a changed segment list. */
    private void replaceView(LogView next) {
        synchronized (viewLock) {
            view = next;
        }
    }

    /**
     * Holding appendLock: publishes a changed list of closed segments (retention, a cleaner's swap) with the readers'
     * current position in the active segment, read under viewLock: a group commit's fsync advances that position
     * without appendLock, and a position read before it would move readers (and acknowledged records) backwards.
     */
    private void publishClosedSegments() {
        synchronized (viewLock) {
            view = new LogView(segments, view.active());
        }
    }

    // ---- segments

    /** Holding appendLock. Never rolls an empty segment, so a batch bigger than segment.bytes still fits somewhere. */
    private boolean rollDue(TopicConfig cfg, long now, EncodedBatch batch) {
        if (active.isEmpty()) {
            return false;
        }
        boolean full = active.size() + batch.sizeInBytes() > cfg.segmentBytes();
        boolean old = now - active.rollBasisMs() >= cfg.maxSegmentMs();
        boolean offsetsExhausted = !active.canHold(active.nextOffset() + batch.recordCount() - 1);
        return full || old || offsetsExhausted;
    }

    /**
     * Holding appendLock, and holding it again on return: rolls holding the flush lock as well, which the lock order
     * makes us take first, so the append lock is let go meanwhile and what the roll rested on is checked again.
     */
    private void rollInLockOrder(TopicConfig cfg, long now, EncodedBatch batch) throws IOException {
        appendLock.unlock();
        flushLock.lock();
        appendLock.lock();
        try {
            ensureWritable();
            if (rollDue(cfg, now, batch)) {
                roll();
            }
        } finally {
            flushLock.unlock();
        }
    }

    /**
     * Holding flushLock and appendLock: fsyncs the active segment and its indexes, then starts a new one. Everything
     * written so far is durable afterwards, so the new view shows all of it. The flush lock keeps this fsync from
     * overlapping a group commit's, and a failure of it is a failed fsync like theirs (see {@link DurabilityTracker}):
     * what it did not make durable is never acknowledged.
     */
    private void roll() throws IOException {
        Segment old = active;
        long started = System.nanoTime();
        try {
            old.force();
        } catch (IOException e) {
            durability.fsyncFailedOutside(e, settings.durable());
            throw e;
        }
        old.writeIndexes();
        flushed(started);
        Segment fresh = Segment.create(dir, old.nextOffset(), settings);
        try {
            LogFiles.fsyncDirectory(settings.storage(), dir);
        } catch (IOException e) {
            fresh.closeQuietly();
            settings.storage().delete(fresh.logFile());
            throw e;
        }
        segments.add(fresh);
        active = fresh;
        written = fresh.mark();
        durability.flushedUpTo(fresh.nextOffset());
        replaceView(new LogView(segments, written));
    }

    /**
     * Rolls a segment past segment.ms (or max.compaction.lag.ms, so the cleaner gets to it) or wholly expired, then
     * deletes closed segments past retention.
     */
    RetentionReport enforceRetention(long now) {
        TopicConfig cfg = config.get();
        List<Segment> doomed;
        int rolled = 0;
        maintenanceLock.lock(); // not while the cleaner swaps segments
        flushLock.lock(); // a roll fsyncs: lock order, flushLock before appendLock
        appendLock.lock();
        try {
            if (state != State.OPEN) {
                return new RetentionReport(0, 0, 0);
            }
            if (!active.isEmpty() && (now - active.rollBasisMs() >= cfg.maxSegmentMs() || Retention.expired(active, cfg, now))) {
                roll();
                rolled = 1;
            }
            long size = 0;
            for (Segment s : segments) {
                size += s.size();
            }
            doomed = Retention.select(segments.subList(0, segments.size() - 1), size, cfg, now);
            if (!doomed.isEmpty()) {
                segments.subList(0, doomed.size()).clear();
                publishClosedSegments();
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not roll " + tp + " for retention; trying again next pass", e);
            return new RetentionReport(0, 0, 0);
        } finally {
            appendLock.unlock();
            flushLock.unlock();
            maintenanceLock.unlock();
        }
        if (rolled > 0) {
            waiters.endOffsetAdvanced(view.endOffset());
        }
        long bytes = 0;
        for (Segment s : doomed) {
            bytes += s.size();
        }
        reaper.retire(doomed);
        return new RetentionReport(doomed.size(), bytes, rolled);
    }

    // ---- compaction

    /**
     * Puts {@code cleaned} in the place of {@code olds}, consecutive closed segments it was cleaned from, on disk by
     * the crash-safe {@link SegmentSwap} and then for readers, who go on reading the old segments from views taken
     * before until the reaper removes them. Returns false, changing nothing, when the old segments are no longer all
     * here (retention deleted some, the partition closed meanwhile): the caller discards the cleaned copy.
     *
     * @throws IOException when a file operation of the swap fails; after its commit point the swap is then left for
     *                     the next open to complete, and the partition must not be cleaned again before
     */
    boolean replaceSegments(List<Segment> olds, Segment cleaned) throws IOException {
        maintenanceLock.lock();
        try {
            if (state != State.OPEN || indexOf(view.segments(), olds) < 0) {
                return false;
            }
            SegmentSwap.commit(settings.storage(), dir, olds, cleaned);
            appendLock.lock();
            try {
                int at = indexOf(segments, olds); // rolls may have added segments since, never removed any
                segments.subList(at, at + olds.size()).clear();
                segments.add(at, cleaned);
                publishClosedSegments();
            } finally {
                appendLock.unlock();
            }
        } finally {
            maintenanceLock.unlock();
        }
        reaper.scheduleDeletion(olds);
        return true;
    }

    /** Where {@code part} starts in {@code all}, consecutive and before the active segment, or -1. */
    private static int indexOf(List<Segment> all, List<Segment> part) {
        int at = all.indexOf(part.get(0));
        if (at < 0 || at + part.size() >= all.size() || !all.subList(at, at + part.size()).equals(part)) {
            return -1;
        }
        return at;
    }

    CleanerState cleanerState() {
        return cleanerState;
    }

    TopicConfig config() {
        return config.get();
    }

    boolean isOpen() {
        return state == State.OPEN;
    }

    // ---- lifecycle

    /** Flushes everything, persists the active segment's indexes and closes the files. */
    void close() throws IOException {
        maintenanceLock.lock();
        flushLock.lock();
        appendLock.lock();
        try {
            if (state == State.FAILED) {
                // not flushed: an fsync now could "succeed" without the data a failed one dropped; the missing
                // clean-shutdown marker makes the next start scan and repair this partition
                state = State.CLOSED;
                segments.forEach(Segment::closeQuietly);
                throw new IOException(tp + " is offline after a failed fsync and was not flushed");
            }
            if (state != State.OPEN) {
                return;
            }
            state = State.CLOSED;
            for (Segment s : segments) {
                if (s != active) {
                    s.closeQuietly();
                }
            }
            active.flushAndClose(durability.unflushed(settings.durable()), MAX_UNINDEXED_BYTES_AT_CLOSE);
            advanceView(written); // appenders still waiting for their fsync find their data durable
        } finally {
            appendLock.unlock();
            flushLock.unlock();
            maintenanceLock.unlock();
            waiters.completeAll();
        }
    }

    /** The topic is being deleted: close files without flushing; the caller removes the directory. */
    void markDeleted() {
        closeFiles(State.DELETED);
    }

    /** Opening the log directory failed: let go of the files as they are. */
    void abandon() {
        closeFiles(State.CLOSED);
    }

    private void closeFiles(State newState) {
        maintenanceLock.lock();
        flushLock.lock();
        appendLock.lock();
        try {
            state = newState;
            segments.forEach(Segment::closeQuietly);
        } finally {
            appendLock.unlock();
            flushLock.unlock();
            maintenanceLock.unlock();
            waiters.completeAll();
        }
    }

    Path directory() {
        return dir;
    }

    /** What readers currently see. */
    LogView view() {
        return view;
    }

    private void ensureWritable() {
        switch (state) {
            case OPEN -> {
            }
            case FAILED -> throw new LogStorageException(tp + " is offline: an fsync of it failed, so records "
                    + "acknowledged before it may not be on disk; it takes appends again after a restart, whose "
                    + "recovery checks them", null);
            case DELETED -> throw new UnknownTopicException("Topic '" + tp.topic() + "' not found.");
            case CLOSED -> throw new LogStorageException("The log is closed; " + tp + " cannot be written", null);
        }
    }

    private boolean isGone() {
        return state == State.CLOSED || state == State.DELETED;
    }

    private void ensureReadable() {
        if (state == State.DELETED) {
            throw new UnknownTopicException("Topic '" + tp.topic() + "' not found.");
        }
        if (state == State.CLOSED) {
            throw new LogStorageException("The log is closed; " + tp + " cannot be read", null);
        }
    }

    private void retryOrFail(int attempt, ClosedChannelException e) {
        ensureReadable();
        if (attempt >= READ_ATTEMPTS) {
            throw new LogStorageException("Could not read " + tp + ": segment closed", e);
        }
    }

    @Override
    public String toString() {
        return "PartitionLog[" + tp + "]";
    }
}
