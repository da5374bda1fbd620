package io.tributary.log;

import java.util.List;

/** A topic: its name, config and partitions. Thread-safe. */
public final class TopicLog {

    public String name() {
        throw new UnsupportedOperationException();
    }

    public TopicConfig config() {
        throw new UnsupportedOperationException();
    }

    public int partitionCount() {
        throw new UnsupportedOperationException();
    }

    /** @throws UnknownPartitionException */
    public PartitionLog partition(int partition) {
        throw new UnsupportedOperationException();
    }

    public List<PartitionLog> partitions() {
        throw new UnsupportedOperationException();
    }

    /** Persists a new config; segment and retention changes apply from the next append / retention pass. */
    public void updateConfig(TopicConfig config) {
        throw new UnsupportedOperationException();
    }

    /** Adds empty partitions up to {@code newCount}. @throws IllegalArgumentException when not an increase */
    public void increasePartitions(int newCount) {
        throw new UnsupportedOperationException();
    }
}
