package io.tributary.log;

import io.tributary.common.TopicPartition;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A topic: its name, config and partitions. Thread-safe. */
public final class TopicLog {

    private final String name;
    private final Path logDir;
    private final LogSettings settings;
    private final SegmentReaper reaper;
    /** Replaced whole (copy on write) under this object's monitor; read without locks. */
    private volatile TopicMetadata metadata;
    private volatile List<PartitionLog> partitions;

    TopicLog(String name, Path logDir, TopicMetadata metadata, LogSettings settings, SegmentReaper reaper) {
        this.name = name;
        this.logDir = logDir;
        this.metadata = metadata;
        this.settings = settings;
        this.reaper = reaper;
        this.partitions = List.of();
    }

    void setPartitions(List<PartitionLog> partitions) {
        this.partitions = List.copyOf(partitions);
    }

    public String name() {
        return name;
    }

    /** A random id given at creation, kept across restarts (Kafka's topic id). */
    public UUID topicId() {
        return metadata.topicId();
    }

    public TopicConfig config() {
        return metadata.config();
    }

    public int partitionCount() {
        return partitions.size();
    }

    /** @throws UnknownPartitionException */
    public PartitionLog partition(int partition) {
        List<PartitionLog> current = partitions;
        if (partition < 0 || partition >= current.size()) {
            throw new UnknownPartitionException("Partition " + partition + " of topic '" + name + "' not found.");
        }
        return current.get(partition);
    }

    public List<PartitionLog> partitions() {
        return partitions;
    }

    /** Persists a new config; segment and retention changes apply from the next append / retention pass. */
    public synchronized void updateConfig(TopicConfig config) {
        TopicMetadata updated = metadata.withConfig(config);
        persist(updated);
        metadata = updated;
    }

    /** Adds empty partitions up to {@code newCount}. @throws IllegalArgumentException when not an increase */
    public synchronized void increasePartitions(int newCount) {
        List<PartitionLog> current = partitions;
        if (newCount <= current.size()) {
            throw new IllegalArgumentException("Topic '" + name + "' has " + current.size()
                    + " partitions; the new count must be larger, not " + newCount);
        }
        List<PartitionLog> grown = new ArrayList<>(current);
        TopicMetadata updated = metadata.withPartitions(newCount);
        try {
            for (int p = current.size(); p < newCount; p++) {
                grown.add(PartitionLog.create(logDir, new TopicPartition(name, p), settings, this::config, reaper));
            }
            LogFiles.fsyncDirectory(settings.storage(), logDir);
            persist(updated); // the atomic point: a crash before it leaves orphan directories that open() removes
        } catch (IOException | LogStorageException e) {
            grown.subList(current.size(), grown.size()).forEach(PartitionLog::markDeleted);
            throw e instanceof LogStorageException lse ? lse
                    : new LogStorageException("Could not create partitions of '" + name + "': " + e, e);
        }
        metadata = updated;
        partitions = List.copyOf(grown);
    }

    private void persist(TopicMetadata updated) {
        try {
            updated.write(settings.storage(), logDir);
        } catch (IOException e) {
            throw new LogStorageException("Could not persist metadata of topic '" + name + "': " + e, e);
        }
    }

    @Override
    public String toString() {
        return "TopicLog[" + name + ", " + partitions.size() + " partitions]";
    }
}
