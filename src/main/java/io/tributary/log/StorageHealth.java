package io.tributary.log;

import io.tributary.common.TopicPartition;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the engine saw of its disk, heard on the storage-failure channel: the latest I/O failure until an fsync
 * succeeds again (a full disk, an I/O error), and the partitions taken offline, until a restart. Passes every report
 * on to the listener the settings name. Thread-safe.
 */
final class StorageHealth implements StorageFailureListener {

    private final StorageFailureListener next;
    private final Clock clock;
    private final Map<TopicPartition, StorageFailure> offline = new ConcurrentHashMap<>();
    private volatile StorageFailure lastFailure;

    StorageHealth(StorageFailureListener next, Clock clock) {
        this.next = next;
        this.clock = clock;
    }

    @Override
    public void storageFailed(TopicPartition tp, IOException cause, boolean offline) {
        StorageFailure failure = new StorageFailure(tp, clock.instant(), cause.toString(), offline);
        if (offline) {
            this.offline.put(tp, failure);
        } else {
            lastFailure = failure;
        }
        next.storageFailed(tp, cause, offline);
    }

    @Override
    public void fsyncSucceeded(TopicPartition tp) {
        lastFailure = null; // the disk takes durable writes again
        next.fsyncSucceeded(tp);
    }

    /** The partitions offline, then the latest failure if no fsync succeeded since; empty when all is well. */
    List<StorageFailure> failures() {
        List<StorageFailure> failures = new ArrayList<>(offline.values());
        failures.sort(Comparator.comparing(StorageFailure::at));
        StorageFailure last = lastFailure;
        if (last != null) {
            failures.add(last);
        }
        return failures;
    }

    /** A deleted topic's failures go with it. */
    void forget(String topic) {
        offline.keySet().removeIf(tp -> tp.topic().equals(topic));
        StorageFailure last = lastFailure;
        if (last != null && last.partition().topic().equals(topic)) {
            lastFailure = null;
        }
    }
}
