package io.tributary.log;

import java.util.List;

/**
 * What readers may see of a partition, published as one immutable value through a volatile field: the segments, and
 * how far into the active (last) one data is visible. Readers never look past it, so they need no lock.
 */
record LogView(List<Segment> segments, Segment.Mark active) {

    LogView {
        segments = List.copyOf(segments);
        if (segments.isEmpty() || segments.get(segments.size() - 1) != active.segment()) {
            throw new IllegalArgumentException("the visible mark must be in the last segment");
        }
    }

    long logStartOffset() {
        return segments.get(0).baseOffset();
    }

    long endOffset() {
        return active.nextOffset();
    }

    long sizeInBytes() {
        long size = active.size();
        for (int i = 0; i < segments.size() - 1; i++) {
            size += segments.get(i).size();
        }
        return size;
    }

    /** The largest record timestamp readers may see, -1 when there is none: one field per segment, no I/O. */
    long maxTimestamp() {
        long max = active.maxTimestamp();
        for (int i = 0; i < segments.size() - 1; i++) {
            max = Math.max(max, segments.get(i).maxTimestamp());
        }
        return max;
    }

    /** Bytes of segment {@code i} readers may read. */
    long visibleSize(int i) {
        return i == segments.size() - 1 ? active.size() : segments.get(i).size();
    }

    /** Index of the segment holding {@code offset}: the last whose base offset is at or below it. */
    int segmentIndexFor(long offset) {
        int lo = 0;
        int hi = segments.size() - 1;
        int found = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (segments.get(mid).baseOffset() <= offset) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    LogView withActive(Segment.Mark mark) {
        return new LogView(segments, mark);
    }
}
