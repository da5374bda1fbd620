package io.tributary.common;

import java.util.List;

/** A record read back from a partition, with its offset and (create or append) timestamp. */
public record StoredRecord(long offset, long timestamp, byte[] key, byte[] value, List<RecordHeader> headers) {

    /** The bytes of key, value and headers: what a poll's {@code max_bytes} and {@code fetch.min.bytes} count. */
    public int dataSize() {
        int size = (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
        for (RecordHeader h : headers) {
            size += h.key().length() + (h.value() == null ? 0 : h.value().length);
        }
        return size;
    }
}
