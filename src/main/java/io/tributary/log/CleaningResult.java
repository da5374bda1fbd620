package io.tributary.log;

import io.tributary.common.TopicPartition;

import java.time.Instant;

/**
 * What one cleaning of one partition did.
 *
 * @param partition       the partition
 * @param at              when it finished
 * @param bytesCleaned    bytes of the segments it read and filtered (the dirty part's keys were read once more to
 *                        build the offset map)
 * @param bytesReclaimed  how much smaller the segments it replaced became
 * @param recordsRemoved  records it removed (superseded, expired tombstones, keyless)
 * @param segmentsBefore  segments it replaced
 * @param segmentsAfter   segments that replaced them
 * @param durationNanos   how long it took, throttling included
 */
public record CleaningResult(TopicPartition partition, Instant at, long bytesCleaned, long bytesReclaimed,
                             long recordsRemoved, int segmentsBefore, int segmentsAfter, long durationNanos) {
}
