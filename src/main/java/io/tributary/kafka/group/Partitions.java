package io.tributary.kafka.group;

import io.tributary.common.TopicPartition;

import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/** Kafka's partitions and records in Tributary's values, and back. */
final class Partitions {

    private Partitions() {
    }

    static TopicPartition of(org.apache.kafka.common.TopicPartition tp) {
        return new TopicPartition(tp.topic(), tp.partition());
    }

    static org.apache.kafka.common.TopicPartition kafka(TopicPartition tp) {
        return new org.apache.kafka.common.TopicPartition(tp.topic(), tp.partition());
    }

    static Set<TopicPartition> of(Collection<org.apache.kafka.common.TopicPartition> partitions) {
        return partitions.stream().map(Partitions::of).collect(Collectors.toSet());
    }

    static Set<org.apache.kafka.common.TopicPartition> kafka(Collection<TopicPartition> partitions) {
        return partitions.stream().map(Partitions::kafka).collect(Collectors.toSet());
    }
}
