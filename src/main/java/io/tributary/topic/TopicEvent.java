package io.tributary.topic;

/** Published (as a Spring application event) after a topic's lifecycle changes, so other capabilities can follow. */
public sealed interface TopicEvent {

    String topic();

    record Created(String topic, int partitions) implements TopicEvent {
    }

    record PartitionsIncreased(String topic, int partitions) implements TopicEvent {
    }

    record Deleted(String topic) implements TopicEvent {
    }
}
