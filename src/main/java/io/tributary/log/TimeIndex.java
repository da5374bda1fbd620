package io.tributary.log;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Sparse map from timestamp to offset within one segment: entries of (timestamp int64, relative offset int32),
 * timestamps strictly ascending. An entry (t, r) means every record of the segment below relative offset r has a
 * timestamp of at most t, so a search for the first record at or after time T may start at the last entry with
 * t < T. Entries are added alongside offset index entries and once more at roll and close with the segment's maximum.
 * Same concurrency and persistence rules as {@link OffsetIndex}.
 */
final class TimeIndex {

    static final int ENTRY_SIZE = 12;

    private record Entries(long[] timestamps, int[] relativeOffsets, int count) {
    }

    private volatile Entries entries;

    private TimeIndex(Entries entries) {
        this.entries = entries;
    }

    static TimeIndex empty() {
        return new TimeIndex(new Entries(new long[16], new int[16], 0));
    }

    /** @throws IllegalStateException describing the problem when the bytes are not a valid time index */
    static TimeIndex parse(ByteBuffer bytes) {
        if (bytes.remaining() % ENTRY_SIZE != 0) {
            throw new IllegalStateException("time index size " + bytes.remaining() + " is not a multiple of " + ENTRY_SIZE);
        }
        int count = bytes.remaining() / ENTRY_SIZE;
        long[] ts = new long[Math.max(16, count)];
        int[] rel = new int[Math.max(16, count)];
        for (int i = 0; i < count; i++) {
            ts[i] = bytes.getLong();
            rel[i] = bytes.getInt();
            if (rel[i] < 0 || (i > 0 && (ts[i] <= ts[i - 1] || rel[i] < rel[i - 1]))) {
                throw new IllegalStateException("time index entry " + i + " is out of order");
            }
        }
        return new TimeIndex(new Entries(ts, rel, count));
    }

    ByteBuffer serialize() {
        Entries e = entries;
        ByteBuffer out = ByteBuffer.allocate(e.count * ENTRY_SIZE);
        for (int i = 0; i < e.count; i++) {
            out.putLong(e.timestamps[i]).putInt(e.relativeOffsets[i]);
        }
        return out.flip();
    }

    int count() {
        return entries.count;
    }

    /** Timestamp of the last entry, or -1 when empty. */
    long lastTimestamp() {
        Entries e = entries;
        return e.count == 0 ? -1 : e.timestamps[e.count - 1];
    }

    /** Relative offset of the last entry, or -1 when empty. */
    int lastRelativeOffset() {
        Entries e = entries;
        return e.count == 0 ? -1 : e.relativeOffsets[e.count - 1];
    }

    /** The relative offset a search for the first record at or after {@code timestamp} may start from. */
    int lookup(long timestamp) {
        Entries e = entries;
        int lo = 0;
        int hi = e.count - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (e.timestamps[mid] < timestamp) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found < 0 ? 0 : e.relativeOffsets[found];
    }

    /** Writer only; ignored unless {@code timestamp} is above the last entry's. */
    void maybeAppend(long timestamp, int relativeOffset) {
        Entries e = entries;
        if (timestamp < 0 || (e.count > 0 && timestamp <= e.timestamps[e.count - 1])) {
            return;
        }
        long[] ts = e.timestamps;
        int[] rel = e.relativeOffsets;
        if (e.count == ts.length) {
            ts = Arrays.copyOf(ts, ts.length * 2);
            rel = Arrays.copyOf(rel, rel.length * 2);
        }
        ts[e.count] = timestamp;
        rel[e.count] = relativeOffset;
        entries = new Entries(ts, rel, e.count + 1);
    }

    /** Writer only: forgets entries past {@code count}. */
    void truncateTo(int count) {
        Entries e = entries;
        if (count < e.count) {
            entries = new Entries(Arrays.copyOf(e.timestamps, e.timestamps.length),
                    Arrays.copyOf(e.relativeOffsets, e.relativeOffsets.length), count);
        }
    }
}
