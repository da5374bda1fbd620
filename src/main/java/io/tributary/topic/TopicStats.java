package io.tributary.topic;

import java.util.List;
import java.util.OptionalLong;

/** A topic's {@link PartitionStats}, partition 0 first, and their totals. */
public record TopicStats(String topic, List<PartitionStats> partitions) {

    public TopicStats {
        partitions = List.copyOf(partitions);
    }

    /** Records stored in all partitions. */
    public long records() {
        return partitions.stream().mapToLong(PartitionStats::records).sum();
    }

    public long sizeBytes() {
        return partitions.stream().mapToLong(PartitionStats::sizeBytes).sum();
    }

    /** The latest {@link PartitionStats#lastWriteTime()} of its partitions; empty when none holds a record. */
    public OptionalLong lastWriteTime() {
        return partitions.stream().map(PartitionStats::lastWriteTime).filter(OptionalLong::isPresent)
                .mapToLong(OptionalLong::getAsLong).max();
    }
}
