package io.tributary.log;

import java.nio.ByteBuffer;

/**
 * Sparse map from timestamp to offset within one segment: entries of (timestamp int64, relative offset int32),
 * timestamps strictly ascending. An entry (t, r) means every record of the segment below relative offset r has a
 * timestamp of at most t, so a search for the first record at or after time T may start at the last entry with
 * t < T. Entries are added alongside offset index entries and once more at roll and close with the segment's maximum.
 * Same concurrency and persistence rules as {@link OffsetIndex}.
 */
final class TimeIndex {

    private final SparseIndex entries;

    private TimeIndex(SparseIndex entries) {
        this.entries = entries;
    }

    static TimeIndex empty() {
        return new TimeIndex(new SparseIndex(Long.BYTES));
    }

    /** @throws IllegalStateException describing the problem when the bytes are not a valid time index */
    static TimeIndex parse(ByteBuffer bytes) {
        return new TimeIndex(SparseIndex.parse(bytes, Long.BYTES, false, "time index"));
    }

    ByteBuffer serialize() {
        return entries.serialize();
    }

    int count() {
        return entries.count();
    }

    /** Timestamp of the last entry, or -1 when empty. */
    long lastTimestamp() {
        return entries.lastKey();
    }

    /** Relative offset of the last entry, or -1 when empty. */
    int lastRelativeOffset() {
        return entries.lastValue(-1);
    }

    /** The relative offset a search for the first record at or after {@code timestamp} may start from. */
    int lookup(long timestamp) {
        return timestamp <= 0 ? 0 : entries.floorValue(timestamp - 1);
    }

    /** Writer only; ignored unless {@code timestamp} is above the last entry's. */
    void maybeAppend(long timestamp, int relativeOffset) {
        if (timestamp >= 0 && timestamp > entries.lastKey()) {
            entries.append(timestamp, relativeOffset);
        }
    }

    /** Writer only: forgets entries past {@code count}. */
    void truncateTo(int count) {
        entries.truncateTo(count);
    }
}
