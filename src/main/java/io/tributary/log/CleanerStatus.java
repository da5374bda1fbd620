package io.tributary.log;

import io.tributary.common.TopicPartition;

import java.time.Instant;
import java.util.List;

/**
 * What the log cleaner did last, for health and operators.
 *
 * @param lastCleaning  the last cleaning that finished, or null
 * @param lastFailure   the last cleaning that failed, or null
 * @param uncleanable   partitions left alone until a restart (a swap failed after its commit point), with why
 */
public record CleanerStatus(CleaningResult lastCleaning, Failure lastFailure, List<String> uncleanable) {

    public CleanerStatus {
        uncleanable = List.copyOf(uncleanable);
    }

    /** A cleaning that failed: where, when, why. Cleaning is tried again at the next check unless uncleanable. */
    public record Failure(TopicPartition partition, Instant at, String reason) {
    }
}
