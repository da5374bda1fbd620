package io.tributary.consume;

import io.tributary.common.FetchedRecord;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Reads a partition directly, without a consumer group: from an offset or a point in time, long-polling when there
 * is nothing yet. The returned future completes as soon as a record is appended or the timeout passes; no thread
 * waits meanwhile.
 */
public interface PartitionReader {

    /**
     * Reads from {@code position} (below the log start: from the log start, as {@code auto.offset.reset=earliest});
     * when that finds nothing, waits up to {@code timeout} for a record, then reads once more.
     *
     * @throws io.tributary.common.errors.UnknownTopicException,
     *         io.tributary.common.errors.UnknownPartitionException when the partition does not exist
     * @throws io.tributary.common.errors.InvalidRequestException for an offset past the end offset
     * @throws io.tributary.common.errors.LimitExceededException when too many fetches wait already
     */
    CompletableFuture<List<FetchedRecord>> read(String topic, int partition, StartPosition position, int maxRecords,
                                             int maxBytes, Duration timeout);

    /** Where a read starts. */
    sealed interface StartPosition {

        /** The oldest record still stored. */
        record LogStart() implements StartPosition {
        }

        record Offset(long offset) implements StartPosition {
        }

        /** The first record whose timestamp is at or after {@code timestamp} (epoch ms); the end when there is none. */
        record Timestamp(long timestamp) implements StartPosition {
        }
    }
}
