package io.tributary.log;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Entries of (key, value), keys strictly ascending, values never decreasing, both non-negative: the shape shared by
 * the offset index (relative offset to file position) and the time index (timestamp to relative offset). Held in
 * memory so readers search it without locks: the single writer (under the partition's append lock) publishes each
 * change through a volatile snapshot and never writes into array slots a published snapshot counts.
 */
final class SparseIndex {

    private record Entries(long[] keys, int[] values, int count) {
    }

    private final int keyBytes;
    private volatile Entries entries;

    /** @param keyBytes how wide a key is in the index file: 4 (int32) or 8 (int64) */
    SparseIndex(int keyBytes) {
        this(keyBytes, new Entries(new long[16], new int[16], 0));
    }

    private SparseIndex(int keyBytes, Entries entries) {
        this.keyBytes = keyBytes;
        this.entries = entries;
    }

    private int entrySize() {
        return keyBytes + Integer.BYTES;
    }

    /**
     * Parses an index file's bytes.
     *
     * @param strictValues whether values must ascend strictly, not merely never decrease
     * @throws IllegalStateException describing the problem when the bytes are not a valid index
     */
    static SparseIndex parse(ByteBuffer bytes, int keyBytes, boolean strictValues, String name) {
        SparseIndex index = new SparseIndex(keyBytes);
        if (bytes.remaining() % index.entrySize() != 0) {
            throw new IllegalStateException(name + " size " + bytes.remaining() + " is not a multiple of " + index.entrySize());
        }
        int count = bytes.remaining() / index.entrySize();
        long[] keys = new long[Math.max(16, count)];
        int[] values = new int[Math.max(16, count)];
        for (int i = 0; i < count; i++) {
            keys[i] = keyBytes == Integer.BYTES ? bytes.getInt() : bytes.getLong();
            values[i] = bytes.getInt();
            boolean ordered = i == 0 || (keys[i] > keys[i - 1]
                    && (strictValues ? values[i] > values[i - 1] : values[i] >= values[i - 1]));
            if (keys[i] < 0 || values[i] < 0 || !ordered) {
                throw new IllegalStateException(name + " entry " + i + " is out of order");
            }
        }
        index.entries = new Entries(keys, values, count);
        return index;
    }

    ByteBuffer serialize() {
        Entries e = entries;
        ByteBuffer out = ByteBuffer.allocate(e.count * entrySize());
        for (int i = 0; i < e.count; i++) {
            if (keyBytes == Integer.BYTES) {
                out.putInt((int) e.keys[i]);
            } else {
                out.putLong(e.keys[i]);
            }
            out.putInt(e.values[i]);
        }
        return out.flip();
    }

    int count() {
        return entries.count;
    }

    /** Key of the last entry, or -1 when empty. */
    long lastKey() {
        Entries e = entries;
        return e.count == 0 ? -1 : e.keys[e.count - 1];
    }

    /** Value of the last entry, or {@code whenEmpty}. */
    int lastValue(int whenEmpty) {
        Entries e = entries;
        return e.count == 0 ? whenEmpty : e.values[e.count - 1];
    }

    /** Value of the last entry whose key is at most {@code key}, or 0 when there is none. */
    int floorValue(long key) {
        Entries e = entries;
        int lo = 0;
        int hi = e.count - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (e.keys[mid] <= key) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found < 0 ? 0 : e.values[found];
    }

    /** Writer only; the key must be above the last one. */
    void append(long key, int value) {
        Entries e = entries;
        long[] keys = e.keys;
        int[] values = e.values;
        if (e.count == keys.length) {
            keys = Arrays.copyOf(keys, keys.length * 2);
            values = Arrays.copyOf(values, values.length * 2);
        }
        keys[e.count] = key;
        values[e.count] = value;
        entries = new Entries(keys, values, e.count + 1);
    }

    /** Writer only: forgets entries past {@code count} (fresh arrays, so older snapshots stay intact). */
    void truncateTo(int count) {
        Entries e = entries;
        if (count < e.count) {
            entries = new Entries(Arrays.copyOf(e.keys, e.keys.length), Arrays.copyOf(e.values, e.values.length), count);
        }
    }
}
