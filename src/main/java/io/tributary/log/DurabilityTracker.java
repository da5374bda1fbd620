package io.tributary.log;

import io.tributary.common.TopicPartition;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Makes one partition's written batches durable and decides what a failed fsync does to them. {@link PartitionLog}
 * keeps the segments, the locks and the partition's lifecycle on top, and is the {@link Log} this works on.
 *
 * <p><b>Durable policy: group commit.</b> An appender writes its batch holding the write lock, takes the
 * {@linkplain #epoch() discard epoch} under the same lock, and calls {@link #awaitDurable}. One waiting appender at a
 * time leads: holding the flush lock it fsyncs everything written so far and publishes it to readers. The others wait
 * without holding any lock and return as soon as an fsync covered their batch, so the batches written during one fsync
 * are all made durable by the next one: N concurrent appenders need far fewer than N fsyncs. Guarantees:
 * <ul>
 * <li>An append is acknowledged (returns) only once its batch is visible, which happens only after an fsync that
 *     started after the batch was written succeeded (or a roll or a clean close fsynced its segment).
 * <li>None of a failed fsync's group is acknowledged: after the failure everything written but not yet visible is
 *     thrown away ({@link Log#truncateToVisible()}), and every appender whose batch was in it fails with
 *     {@link LogStorageException}, the leader and the waiters alike.
 * <li>Nothing whose fsync was retried after a failure is acknowledged. A failed fsync may have dropped the dirty pages
 *     it covered (the kernel marks them clean, so a retry "succeeds" without them: "fsyncgate", PostgreSQL 2018), so no
 *     fsync is ever retried over them: they are discarded, later appends write from the cut anew and wait for an fsync
 *     of their own. Offsets are reused after a discard, so a visible end offset past a batch does not prove the batch
 *     is there: each discard starts a new epoch and remembers the offset it cut at, and an appender of an older epoch is
 *     acknowledged only if its batch lay below every later cut.
 * <li>What was visible before a failure had been fsynced before it, and stays.
 * </ul>
 * A roll fsyncs the old segment itself, holding the flush lock too, so its fsync never overlaps a group commit's or a
 * discard, and a failed one is handed to {@link #fsyncFailedOutside}: the same rules then hold for it.
 *
 * <p><b>Interval policy.</b> Appends are acknowledged before any fsync; {@link #flushIfDirty()} is the background fsync.
 * When it fails, which acknowledged records reached the disk is unknown until a restart's recovery scan reads them back,
 * and a retried fsync could report success without them, so the partition is taken offline
 * ({@link Log#takeOffline(IOException)}: no appends until a restart), as Kafka takes a failed log directory offline,
 * instead of acknowledging more on top of a hole.
 *
 * <p><b>Thread safety.</b> Thread-safe. Waiting appenders coordinate on this object's own lock, which is never held
 * together with the partition's locks or while calling the {@link Log}. The partition provides the rest through the two
 * locks it passes in: the <i>flush lock</i>, held here around every fsync and every discard, keeps them from overlapping
 * each other and the partition's close; the <i>write lock</i>, under which the partition writes batches and reads
 * {@link #epoch()}, is also held here while discarding (after the flush lock: the partition's lock order), so an
 * appender's epoch always belongs to the write position it wrote at.
 */
final class DurabilityTracker {

    /**
     * The partition, as the tracker sees it. Called holding the locks each method names; implementations take no lock
     * of their own that the caller may hold.
     */
    interface Log {

        /** The end offset readers see. Never moves backwards. */
        long visibleEnd();

        /** The end offset of the last write: what an fsync now would cover. */
        long writtenEnd();

        /** Whether the partition takes appends (it is not closed, deleted or offline). */
        boolean writable();

        /**
         * Holding the flush lock: fsyncs everything written so far, makes it visible and returns the end offset the
         * fsync covered.
         *
         * @throws LogException when the partition does not take appends (nothing is fsynced then)
         */
        long fsyncWritten() throws IOException;

        /**
         * Holding the flush and write locks, after a failed fsync: throws away everything written beyond the visible
         * end offset, so that the next write goes there, and returns that offset.
         */
        long truncateToVisible();

        /** Holding the flush lock, after a failed background fsync: no appends from now on until a restart. */
        void takeOffline(IOException cause);

        /** Reports an I/O failure on the storage-failure channel and wraps it for the appender. */
        LogStorageException storageFailure(String what, IOException cause);
    }

    /** Discards whose cut offsets are kept for appenders of older epochs still waiting; older ones fail safe. */
    static final int MAX_DISCARDS_REMEMBERED = 1024;

    private final TopicPartition tp;
    private final Log log;
    private final Lock flushLock;
    private final Lock writeLock;

    /** Group commit: whether an appender is leading an fsync, and a signal when it is done. */
    private final ReentrantLock commitState = new ReentrantLock();
    private final Condition commitDone = commitState.newCondition();
    private boolean committing;

    /** Bumped whenever written-but-unflushed batches are thrown away after a failed fsync. Written under writeLock. */
    private volatile int discardEpoch;
    /** For each discard epoch, the offset from which batches were thrown away. */
    private final Map<Integer, Long> discardedFrom = new ConcurrentHashMap<>();
    /** Interval policy: the end offset the last background fsync (or roll) covered. */
    private volatile long flushedOffset;

    /**
     * @param flushedOffset the end offset already on disk (the end of the loaded log)
     */
    DurabilityTracker(TopicPartition tp, Log log, Lock flushLock, Lock writeLock, long flushedOffset) {
        this.tp = tp;
        this.log = log;
        this.flushLock = flushLock;
        this.writeLock = writeLock;
        this.flushedOffset = flushedOffset;
    }

    /** The current discard epoch. Read it holding the write lock, together with the write it belongs to. */
    int epoch() {
        return discardEpoch;
    }

    /**
     * Durable policy: returns once the batch ending at {@code lastOffset}, written in {@code epoch}, is durable and
     * visible, leading the fsync if nobody else is.
     *
     * @throws LogStorageException when the batch was discarded after a failed fsync (nothing of it remains)
     * @throws LogException        when the partition stopped taking appends before its batch was fsynced
     */
    void awaitDurable(long lastOffset, int epoch) {
        commitState.lock();
        try {
            while (log.visibleEnd() <= lastOffset && committing && discardEpoch == epoch) {
                commitDone.awaitUninterruptibly();
            }
            if (!survivedDiscards(lastOffset, epoch)) {
                throw discarded();
            }
            if (log.visibleEnd() > lastOffset) {
                return;
            }
            committing = true;
        } finally {
            commitState.unlock();
        }
        try {
            lead(lastOffset, epoch);
        } finally {
            commitState.lock();
            try {
                committing = false;
                commitDone.signalAll();
            } finally {
                commitState.unlock();
            }
        }
    }

    /** The leader's fsync, holding the flush lock. */
    private void lead(long lastOffset, int epoch) {
        flushLock.lock();
        try {
            if (!survivedDiscards(lastOffset, epoch)) {
                throw discarded();
            }
            if (log.visibleEnd() > lastOffset) {
                return; // published meanwhile, by a roll
            }
            try {
                log.fsyncWritten();
            } catch (IOException e) {
                if (log.visibleEnd() > lastOffset) {
                    return; // a roll fsynced and published it meanwhile
                }
                discardUnflushed();
                if (log.visibleEnd() > lastOffset) {
                    return; // a roll made it durable while we waited to discard
                }
                throw log.storageFailure("Could not fsync " + tp, e);
            }
        } finally {
            flushLock.unlock();
        }
    }

    /**
     * Whether a batch written at {@code epoch} is still in the log. Offsets are reused after a discard, so the end
     * offset alone cannot tell: the batch survived only if it was already visible when the first later discard cut.
     */
    private boolean survivedDiscards(long lastOffset, int epoch) {
        if (discardEpoch == epoch) {
            return true;
        }
        Long cutAt = discardedFrom.get(epoch + 1);
        return cutAt != null && lastOffset < cutAt;
    }

    private LogStorageException discarded() {
        return new LogStorageException("Append to " + tp + " was discarded after a failed fsync", null);
    }

    /**
     * Holding the flush lock, after a failed fsync: nothing unflushed can be trusted, so the log is cut back to what
     * readers see, and a new epoch starts. Those batches were neither visible nor acknowledged, and their appenders get
     * the failure; later appends write from the cut and fsync anew, so no acknowledgement ever rests on the failed fsync.
     */
    private void discardUnflushed() {
        writeLock.lock();
        try {
            long cutAt = log.truncateToVisible();
            if (discardedFrom.size() >= MAX_DISCARDS_REMEMBERED) {
                // appenders of epochs this old are long gone; one that is not fails safe (reported as discarded)
                discardedFrom.keySet().removeIf(e -> e < discardEpoch - MAX_DISCARDS_REMEMBERED / 2);
            }
            discardedFrom.put(discardEpoch + 1, cutAt);
            discardEpoch++; // published after the map entry: readers of the new epoch find it
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Holding the flush and write locks: an fsync the partition ran itself (a roll's) failed. Durable policy: what it did
     * not make durable is discarded, as after a failed group fsync. Interval policy: acknowledged records may be
     * missing, so the partition goes offline, as after a failed background fsync.
     */
    void fsyncFailedOutside(IOException cause, boolean durablePolicy) {
        if (durablePolicy) {
            discardUnflushed();
        } else {
            log.takeOffline(cause);
        }
    }

    /** Interval policy: the background fsync, when anything was written since the last one. */
    void flushIfDirty() {
        flushLock.lock();
        try {
            if (!log.writable() || log.writtenEnd() <= flushedOffset) {
                return;
            }
            flushedOffset = log.fsyncWritten();
        } catch (IOException e) {
            log.takeOffline(e);
        } finally {
            flushLock.unlock();
        }
    }

    /** Holding the flush and write locks: whether anything written is not fsynced yet (close fsyncs only then). */
    boolean unflushed(boolean durablePolicy) {
        // durable: readers see only what an fsync covered; interval: they see everything, the last fsync is tracked
        return log.writtenEnd() > (durablePolicy ? log.visibleEnd() : flushedOffset);
    }

    /** A roll fsynced everything below {@code offset}: the background fsync has nothing to do until more is written. */
    void flushedUpTo(long offset) {
        flushedOffset = offset;
    }
}
