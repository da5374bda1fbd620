package io.tributary.common;

import java.util.List;

/** A record read back from a partition, with its offset and (create or append) timestamp. */
public record StoredRecord(long offset, long timestamp, byte[] key, byte[] value, List<RecordHeader> headers) {
}
