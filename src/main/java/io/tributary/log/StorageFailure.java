package io.tributary.log;

import io.tributary.common.TopicPartition;

import java.time.Instant;

/**
 * An I/O failure the engine met, for health checks.
 *
 * @param partition where it happened
 * @param at        when
 * @param reason    the I/O error
 * @param offline   whether the partition refuses appends until a restart (a failed fsync under the interval policy)
 */
public record StorageFailure(TopicPartition partition, Instant at, String reason, boolean offline) {

    public String describe() {
        return (offline ? partition + " is offline until a restart: " : "last I/O failure, on " + partition + ": ") + reason;
    }
}
