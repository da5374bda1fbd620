package io.tributary.log;

import io.tributary.common.TopicPartition;

/**
 * Hooks the engine calls so the service can record metrics without the engine depending on a metrics library. Pure
 * measurement: I/O failures travel on their own channel, {@link StorageFailureListener}.
 */
public interface LogMetrics {

    LogMetrics NONE = new LogMetrics() {
    };

    /** A batch of {@code records} records and {@code bytes} encoded bytes was appended (written, before any fsync). */
    default void appended(TopicPartition tp, int records, int bytes, long appendNanos) {
    }

    /** One fsync of a partition's active segment finished. */
    default void flushed(TopicPartition tp, long fsyncNanos) {
    }

    /** The log cleaner finished a cleaning of a compacted partition. */
    default void cleaned(CleaningResult result) {
    }

    /** A cleaning failed (it is tried again at the next check). */
    default void cleaningFailed(TopicPartition tp) {
    }

    /**
     * A compacted partition's dirty ratio, reported at every cleaner check: the share of its closed segments written
     * since the last cleaning (min.cleanable.dirty.ratio compares with it).
     */
    default void dirtyRatio(TopicPartition tp, double ratio) {
    }
}
