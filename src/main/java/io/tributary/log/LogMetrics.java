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
}
