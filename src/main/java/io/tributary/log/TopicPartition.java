package io.tributary.log;

/** A partition of a topic; also names its directory, {@code <topic>-<partition>}. */
public record TopicPartition(String topic, int partition) {

    public String dirName() {
        return topic + "-" + partition;
    }

    @Override
    public String toString() {
        return dirName();
    }
}
