package io.tributary.log;

import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * What a cleaning keeps, decided as Kafka's cleaner decides it, for {@link MemoryRecords#filterTo}:
 * <ul>
 *   <li>a record newer than anything in the offset map (past the mapped dirty part) stays;</li>
 *   <li>otherwise a record stays only if it is its key's latest (a keyless one, written before the topic became
 *       compacted, goes, as in Kafka);</li>
 *   <li>a tombstone (null value) that is its key's latest stays until its batch's delete horizon: {@code filterTo}
 *       sets the horizon to now + delete.retention.ms in the first cleaning that keeps it, and a cleaning after that
 *       time removes it;</li>
 *   <li>a batch left without records goes, except (as an empty header, {@code RETAIN_EMPTY}) a batch that carries a
 *       producer id and may have been written within the idempotency window (its newest timestamp is that recent, or
 *       its segment was last written that recently: a producer's timestamps may be old), because the memory of
 *       idempotent appends is rebuilt from those headers after a restart (Kafka keeps each active producer's last
 *       batch for the same reason); and the last batch of the cleaned range, so that the segment still ends where the
 *       next one begins.</li>
 * </ul>
 * Not thread-safe; one per cleaned group of segments.
 */
final class CompactionFilter extends MemoryRecords.RecordFilter {

    private final OffsetMap map;
    private final long producerHorizon;
    private final long lastOffset;
    private boolean recentSegment;
    private boolean horizonsSet;

    /**
     * @param idempotencyWindowMs producer batches written this recently keep their header
     * @param lastOffset          the last offset of the cleaned range: its batch is kept, if only as a header
     */
    CompactionFilter(OffsetMap map, long now, long deleteRetentionMs, long idempotencyWindowMs, long lastOffset) {
        super(now, deleteRetentionMs);
        this.map = map;
        this.producerHorizon = now - idempotencyWindowMs;
        this.lastOffset = lastOffset;
    }

    /** The batches that follow are of a segment last written at {@code lastWrittenMs} (its file's modification time). */
    void segment(long lastWrittenMs) {
        recentSegment = lastWrittenMs >= producerHorizon;
    }

    /** Whether a kept tombstone's batch got its delete horizon in this cleaning: the cleaned copy differs then. */
    boolean horizonsSet() {
        return horizonsSet;
    }

    @Override
    protected BatchRetentionResult checkBatchRetention(RecordBatch batch) {
        boolean keepHeader = batch.lastOffset() == lastOffset
                || (batch.hasProducerId() && (recentSegment || batch.maxTimestamp() >= producerHorizon));
        return new BatchRetentionResult(keepHeader ? BatchRetention.RETAIN_EMPTY : BatchRetention.DELETE_EMPTY, false);
    }

    @Override
    protected boolean shouldRetainRecord(RecordBatch batch, Record record) {
        boolean retain = record.offset() > map.latestOffset()
                || (record.hasKey() && record.offset() >= map.get(record.key()) && (record.hasValue() || beforeHorizon(batch)));
        if (retain && !record.hasValue() && batch.deleteHorizonMs().isEmpty()) {
            horizonsSet = true; // filterTo rewrites such a batch with its delete horizon
        }
        return retain;
    }

    private boolean beforeHorizon(RecordBatch batch) {
        return batch.deleteHorizonMs().isEmpty() || currentTime < batch.deleteHorizonMs().getAsLong();
    }
}
