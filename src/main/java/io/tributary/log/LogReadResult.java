package io.tributary.log;

import io.tributary.common.StoredRecord;

import java.util.List;

/**
 * Records read from one partition, starting at the requested offset, plus the partition's bounds at read time.
 * {@code nextOffset} is where the next read should start (last returned offset + 1, or the requested offset
 * when nothing was returned).
 */
public record LogReadResult(List<StoredRecord> records, long logStartOffset, long endOffset, long nextOffset) {
}
