package io.tributary.topic;

import java.util.OptionalLong;

/**
 * What one partition holds now.
 *
 * @param logStartOffset the first offset still stored (it moves forward with retention)
 * @param logEndOffset   the offset the next record will get
 * @param sizeBytes      bytes of its log on disk (record batches; indexes not counted)
 * @param lastWriteTime  the largest record timestamp stored, epoch ms (Kafka's ListOffsets MAX_TIMESTAMP; with
 *                       CreateTime the producer's clock decides it); empty when it holds no record
 */
public record PartitionStats(int partition, long logStartOffset, long logEndOffset, long sizeBytes,
                             OptionalLong lastWriteTime) {

    /** Records stored: end minus start, as Kafka's tools count them. */
    public long records() {
        return logEndOffset - logStartOffset;
    }
}
