package io.tributary.common;

import java.util.Comparator;

/** A partition of a topic; also names its directory, {@code <topic>-<partition>}. */
public record TopicPartition(String topic, int partition) {

    /** By topic, then partition number, as Kafka's assignors order partitions. */
    public static final Comparator<TopicPartition> ORDER = Comparator.comparing(TopicPartition::topic)
            .thenComparingInt(TopicPartition::partition);

    public String dirName() {
        return topic + "-" + partition;
    }

    @Override
    public String toString() {
        return dirName();
    }
}
