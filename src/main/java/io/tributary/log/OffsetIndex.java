package io.tributary.log;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Sparse map from offset to file position within one segment: entries of (offset relative to the segment's base,
 * position of the batch starting there), both int32, ascending. Held in memory so readers search it without locks;
 * the writer (under the partition's append lock) publishes each new entry through a volatile snapshot. The file is
 * written whole at roll and close; after a crash the active segment's index is rebuilt from its log.
 */
final class OffsetIndex {

    static final int ENTRY_SIZE = 8;

    private record Entries(int[] relativeOffsets, int[] positions, int count) {
    }

    private volatile Entries entries;

    private OffsetIndex(Entries entries) {
        this.entries = entries;
    }

    static OffsetIndex empty() {
        return new OffsetIndex(new Entries(new int[16], new int[16], 0));
    }

    /**
     * Parses an index file's bytes.
     *
     * @throws IllegalStateException describing the problem when the bytes are not a valid index
     */
    static OffsetIndex parse(ByteBuffer bytes) {
        if (bytes.remaining() % ENTRY_SIZE != 0) {
            throw new IllegalStateException("offset index size " + bytes.remaining() + " is not a multiple of " + ENTRY_SIZE);
        }
        int count = bytes.remaining() / ENTRY_SIZE;
        int[] rel = new int[Math.max(16, count)];
        int[] pos = new int[Math.max(16, count)];
        for (int i = 0; i < count; i++) {
            rel[i] = bytes.getInt();
            pos[i] = bytes.getInt();
            if (rel[i] < 0 || pos[i] < 0 || (i > 0 && (rel[i] <= rel[i - 1] || pos[i] <= pos[i - 1]))) {
                throw new IllegalStateException("offset index entry " + i + " is out of order");
            }
        }
        return new OffsetIndex(new Entries(rel, pos, count));
    }

    ByteBuffer serialize() {
        Entries e = entries;
        ByteBuffer out = ByteBuffer.allocate(e.count * ENTRY_SIZE);
        for (int i = 0; i < e.count; i++) {
            out.putInt(e.relativeOffsets[i]).putInt(e.positions[i]);
        }
        return out.flip();
    }

    int count() {
        return entries.count;
    }

    /** Relative offset of the last entry, or -1 when empty. */
    int lastRelativeOffset() {
        Entries e = entries;
        return e.count == 0 ? -1 : e.relativeOffsets[e.count - 1];
    }

    /** Position of the last entry, or 0 when empty. */
    int lastPosition() {
        Entries e = entries;
        return e.count == 0 ? 0 : e.positions[e.count - 1];
    }

    /** The position of the last batch indexed at or before {@code relativeOffset}: where a scan for it starts. */
    int lookup(long relativeOffset) {
        Entries e = entries;
        int lo = 0;
        int hi = e.count - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (e.relativeOffsets[mid] <= relativeOffset) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found < 0 ? 0 : e.positions[found];
    }

    /** Writer only. */
    void append(int relativeOffset, int position) {
        Entries e = entries;
        int[] rel = e.relativeOffsets;
        int[] pos = e.positions;
        if (e.count == rel.length) {
            rel = Arrays.copyOf(rel, rel.length * 2);
            pos = Arrays.copyOf(pos, pos.length * 2);
        }
        rel[e.count] = relativeOffset;
        pos[e.count] = position;
        entries = new Entries(rel, pos, e.count + 1);
    }

    /** Writer only: forgets entries past {@code count} (fresh arrays, so older snapshots stay intact). */
    void truncateTo(int count) {
        Entries e = entries;
        if (count < e.count) {
            entries = new Entries(Arrays.copyOf(e.relativeOffsets, e.relativeOffsets.length),
                    Arrays.copyOf(e.positions, e.positions.length), count);
        }
    }
}
