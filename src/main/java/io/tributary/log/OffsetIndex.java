package io.tributary.log;

import java.nio.ByteBuffer;

/**
 * Sparse map from offset to file position within one segment: entries of (offset relative to the segment's base,
 * position of the batch starting there), both int32 in the file, ascending. Searched without locks (see
 * {@link SparseIndex}). The file is written whole at roll and close; after a crash the active segment's index is
 * rebuilt from its log.
 */
final class OffsetIndex {

    private final SparseIndex entries;

    private OffsetIndex(SparseIndex entries) {
        this.entries = entries;
    }

    static OffsetIndex empty() {
        return new OffsetIndex(new SparseIndex(Integer.BYTES));
    }

    /** @throws IllegalStateException describing the problem when the bytes are not a valid index */
    static OffsetIndex parse(ByteBuffer bytes) {
        return new OffsetIndex(SparseIndex.parse(bytes, Integer.BYTES, true, "offset index"));
    }

    ByteBuffer serialize() {
        return entries.serialize();
    }

    int count() {
        return entries.count();
    }

    /** Relative offset of the last entry, or -1 when empty. */
    int lastRelativeOffset() {
        return (int) entries.lastKey();
    }

    /** Position of the last entry, or 0 when empty. */
    int lastPosition() {
        return entries.lastValue(0);
    }

    /** The position of the last batch indexed at or before {@code relativeOffset}: where a scan for it starts. */
    int lookup(long relativeOffset) {
        return entries.floorValue(relativeOffset);
    }

    /** Writer only. */
    void append(int relativeOffset, int position) {
        entries.append(relativeOffset, position);
    }

    /** Writer only: forgets entries past {@code count}. */
    void truncateTo(int count) {
        entries.truncateTo(count);
    }
}
