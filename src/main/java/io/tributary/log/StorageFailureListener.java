package io.tributary.log;

import io.tributary.common.TopicPartition;

import java.io.IOException;

/**
 * The engine's storage-failure channel, as Kafka's {@code LogDirFailureChannel}: every I/O failure of a partition's
 * files is reported here, on its own path, never as a side effect of metrics ({@link LogMetrics} only measures). The
 * log manager's storage health listens on it (what {@link LogManager#storageFailures()} lists), and passes each report
 * on to the listener given in {@link LogSettings}.
 *
 * <p>Called on the thread that met the failure, sometimes holding the partition's locks: implementations must be
 * thread-safe and quick, must not throw and must not call back into the engine.
 */
public interface StorageFailureListener {

    StorageFailureListener NONE = (tp, cause, offline) -> {
    };

    /**
     * A write, fsync or read of a partition failed. {@code offline}: the partition refuses appends until a restart (a
     * background fsync failed under the interval policy); otherwise the failed append left nothing behind.
     */
    void storageFailed(TopicPartition tp, IOException cause, boolean offline);

    /** An fsync of a partition succeeded: the disk takes durable writes again, so earlier failures not offline are over. */
    default void fsyncSucceeded(TopicPartition tp) {
    }
}
