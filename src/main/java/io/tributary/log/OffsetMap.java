package io.tributary.log;

import java.nio.ByteBuffer;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Key to the latest offset seen for it, for one cleaning: Kafka's SkimpyOffsetMap. Keys are stored as their 16-byte MD5
 * digest (a collision, at 2^-128, would cost a key its latest value, as in Kafka), in open addressing with linear
 * probing over fixed arrays, so the memory is known up front: {@value #ENTRY_BYTES} bytes per slot, at most
 * {@value #LOAD_FACTOR} of them used. Not thread-safe: one cleaning uses it at a time.
 */
final class OffsetMap {

    static final int ENTRY_BYTES = 3 * Long.BYTES;
    private static final double LOAD_FACTOR = 0.9;

    private final long[] high;
    private final long[] low;
    /** -1: the slot is free. */
    private final long[] offsets;
    private final int maxEntries;
    private final MessageDigest md5;
    private final byte[] digest = new byte[16];
    private int size;
    private long latestOffset;

    OffsetMap(long memoryBytes) {
        int slots = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(2, memoryBytes / ENTRY_BYTES));
        high = new long[slots];
        low = new long[slots];
        offsets = new long[slots];
        maxEntries = Math.max(1, Math.min(slots - 1, (int) (slots * LOAD_FACTOR))); // a free slot ends every probe
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
        clear(-1);
    }

    /** Empties the map; {@code latestOffset}: everything up to it counts as mapped (what lies before the dirty part). */
    void clear(long latestOffset) {
        Arrays.fill(offsets, -1);
        size = 0;
        this.latestOffset = latestOffset;
    }

    /** How many keys it takes at most (the load factor of its slots). */
    int maxEntries() {
        return maxEntries;
    }

    int size() {
        return size;
    }

    /** The last offset whose record the map has seen (records after it are newer than anything in the map). */
    long latestOffset() {
        return latestOffset;
    }

    void updateLatestOffset(long offset) {
        latestOffset = Math.max(latestOffset, offset);
    }

    /** Records {@code offset} as the key's latest; the caller checks {@link #isFull()} first. */
    void put(ByteBuffer key, long offset) {
        int slot = find(key);
        if (offsets[slot] < 0) {
            high[slot] = hashHigh();
            low[slot] = hashLow();
            size++;
        }
        offsets[slot] = offset;
    }

    /** The key's latest offset, or -1 when the map has not seen it. */
    long get(ByteBuffer key) {
        return offsets[find(key)];
    }

    /** The slot holding the key's digest, or the free slot where it goes. */
    private int find(ByteBuffer key) {
        md5.update(key.duplicate());
        try {
            md5.digest(digest, 0, digest.length);
        } catch (DigestException e) {
            throw new IllegalStateException(e);
        }
        long h = hashHigh();
        long l = hashLow();
        int slot = (int) Long.remainderUnsigned(h ^ l, offsets.length);
        while (offsets[slot] >= 0 && (high[slot] != h || low[slot] != l)) {
            slot = slot + 1 == offsets.length ? 0 : slot + 1;
        }
        return slot;
    }

    private long hashHigh() {
        return ByteBuffer.wrap(digest, 0, 8).getLong();
    }

    private long hashLow() {
        return ByteBuffer.wrap(digest, 8, 8).getLong();
    }
}
