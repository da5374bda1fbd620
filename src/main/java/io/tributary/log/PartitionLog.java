package io.tributary.log;

import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * One partition: an append-only sequence of records in segment files. Appends are serialized per partition; reads
 * take no lock and see records up to {@link #endOffset()}, which only moves once records are durable under the
 * flush policy. Thread-safe.
 */
public final class PartitionLog {

    public TopicPartition topicPartition() {
        throw new UnsupportedOperationException();
    }

    /** The first offset still stored (moves forward with retention). */
    public long logStartOffset() {
        throw new UnsupportedOperationException();
    }

    /** The offset the next appended record will get, as far as readers can see (Kafka's high watermark). */
    public long endOffset() {
        throw new UnsupportedOperationException();
    }

    /** Bytes stored in all segments. */
    public long sizeInBytes() {
        throw new UnsupportedOperationException();
    }

    /**
     * Appends the records as one batch, in order, and returns once they are durable per the flush policy.
     *
     * @throws RecordTooLargeException when the encoded batch exceeds max.message.bytes (nothing written)
     * @throws LogStorageException     on I/O failure (nothing of this batch becomes visible)
     */
    public AppendResult append(List<NewRecord> records) {
        throw new UnsupportedOperationException();
    }

    /**
     * Reads records from {@code offset} on: at most {@code maxRecords}, and stopping once {@code maxBytes} of record
     * data is reached, but always at least one record when any is there.
     *
     * @throws OffsetOutOfRangeException when offset is below logStartOffset or above endOffset
     */
    public LogReadResult read(long offset, int maxRecords, int maxBytes) {
        throw new UnsupportedOperationException();
    }

    /** The offset of the first record whose timestamp is at or after {@code timestamp}; empty when there is none. */
    public OptionalLong offsetForTimestamp(long timestamp) {
        throw new UnsupportedOperationException();
    }

    /**
     * A future that completes as soon as {@link #endOffset()} is greater than {@code offset} (at once if it already
     * is). Long-polling readers wait on it without holding a thread; callers add their own timeout.
     */
    public CompletableFuture<Void> awaitEndOffsetAbove(long offset) {
        throw new UnsupportedOperationException();
    }
}
