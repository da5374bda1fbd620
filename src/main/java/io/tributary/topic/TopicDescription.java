package io.tributary.topic;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A topic as it is now.
 *
 * @param replicationFactor how many replicas each partition has (partition 0's count, as Kafka's tools show it)
 * @param configs           every config the topic has, with its current value (set or default), sorted by name
 */
public record TopicDescription(String name, int partitions, int replicationFactor, Map<String, String> configs) {

    public TopicDescription {
        configs = Collections.unmodifiableSortedMap(new TreeMap<>(configs));
    }
}
