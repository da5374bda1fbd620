package io.tributary.log;

import io.tributary.common.StoredRecord;

import java.util.List;

/**
 * Records read from one partition, starting at the requested offset, plus the partition's bounds at read time.
 * {@code nextOffset} is where the next read should start: last returned offset + 1, or, when nothing was returned, the
 * end offset (a compacted partition has gaps: the first record at or after the offset asked for is returned, and when
 * compaction removed everything up to the end, the next read starts there).
 */
public record LogReadResult(List<StoredRecord> records, long logStartOffset, long endOffset, long nextOffset) {
}
