package io.tributary.log;

import java.util.List;

/**
 * Which part of a partition a cleaning may take, and how dirty it is (Kafka's LogToClean): the closed segments from
 * the log start up to the first dirty offset are clean; from there to the first uncleanable offset they are dirty.
 * The first uncleanable offset is the active segment's base, or that of the first segment holding a record younger
 * than min.compaction.lag.ms. Sizes count whole segments. From the view's in-memory state only.
 *
 * @param firstDirty       the first offset not cleaned yet
 * @param firstUncleanable nothing at or after it is cleaned now
 */
record CleanableRange(long firstDirty, long firstUncleanable, long cleanBytes, long dirtyBytes) {

    static CleanableRange of(LogView view, TopicConfig config, CleanerCheckpoint checkpoint, long now) {
        List<Segment> closed = view.segments().subList(0, view.segments().size() - 1);
        long activeBase = view.segments().get(view.segments().size() - 1).baseOffset();
        long firstDirty = Math.min(Math.max(checkpoint.firstDirtyOffset(), view.logStartOffset()), activeBase);
        long firstUncleanable = activeBase;
        long clean = 0;
        long dirty = 0;
        for (Segment segment : closed) {
            if (segment.nextOffset() <= firstDirty) {
                clean += segment.size();
                continue;
            }
            if (config.minCompactionLagMs() > 0 && segment.maxTimestamp() > now - config.minCompactionLagMs()) {
                firstUncleanable = segment.baseOffset();
                break;
            }
            dirty += segment.size();
        }
        return new CleanableRange(firstDirty, Math.max(firstDirty, firstUncleanable), clean, dirty);
    }

    /** Dirty bytes over all bytes of closed segments up to the first uncleanable offset; 0 when there are none. */
    double dirtyRatio() {
        long total = cleanBytes + dirtyBytes;
        return total == 0 ? 0 : (double) dirtyBytes / total;
    }
}
