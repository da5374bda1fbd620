package io.tributary.log;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Deletes segments retention removed: renames their files to {@code *.deleted} at once (so a restart never loads them),
 * and closes and deletes them after a delay, so a reader that picked the segment from an older view finishes its read.
 */
final class SegmentReaper {

    private static final System.Logger LOG = System.getLogger(SegmentReaper.class.getName());

    private final ScheduledExecutorService scheduler;
    private final Duration delay;
    private final Set<Segment> pending = ConcurrentHashMap.newKeySet();

    SegmentReaper(ScheduledExecutorService scheduler, Duration delay) {
        this.scheduler = scheduler;
        this.delay = delay;
    }

    /**
     * Retires {@code segments}, the oldest of their partition, oldest first, fsyncing the directory after each one's
     * renames: a file system may persist renames out of order, and a power cut that kept a later segment's rename but
     * lost an earlier one's would bring the earlier segment back before a hole (PowerLossTest found it). So a cut
     * leaves a prefix of them deleted, as retention deletes them.
     */
    void retire(List<Segment> segments) {
        for (Segment segment : segments) {
            try {
                segment.markDeleted();
                segment.fsyncDirectory();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "Could not retire segment " + segment + " durably (rename to .deleted, directory fsync)", e);
            }
        }
        scheduleDeletion(segments);
    }

    /** Like {@link #retire}, for segments whose files a segment swap already renamed to {@code *.deleted}. */
    void scheduleDeletion(List<Segment> segments) {
        for (Segment segment : segments) {
            pending.add(segment);
            try {
                scheduler.schedule(() -> delete(segment), delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                delete(segment);
            }
        }
    }

    /** Deletes everything still pending (at close). */
    void deleteAll() {
        pending.forEach(this::delete);
    }

    private void delete(Segment segment) {
        if (!pending.remove(segment)) {
            return;
        }
        try {
            segment.deleteFiles();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not delete segment " + segment + "; it is removed at next open", e);
        }
    }
}
