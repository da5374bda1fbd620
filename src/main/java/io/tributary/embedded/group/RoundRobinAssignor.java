package io.tributary.embedded.group;

import io.tributary.common.TopicPartition;
import io.tributary.consume.AssignmentStrategy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * Kafka's RoundRobinAssignor: all partitions of all subscribed topics, sorted by topic and partition, dealt in turn
 * to the members sorted by id, skipping members not subscribed to the partition's topic (3 partitions over c0, c1:
 * c0 {0, 2}, c1 {1}).
 */
public record RoundRobinAssignor() implements Assignor {

    @Override
    public AssignmentStrategy strategy() {
        return AssignmentStrategy.ROUND_ROBIN;
    }

    @Override
    public SortedMap<String, SortedSet<TopicPartition>> assign(Map<String, Set<String>> subscriptions,
                                                               Map<String, Integer> partitionCounts,
                                                               Map<String, ? extends Set<TopicPartition>> current) {
        var result = Assignor.emptyAssignment(subscriptions.keySet());
        List<String> members = List.copyOf(result.keySet());
        int next = 0;
        for (TopicPartition tp : Assignor.subscribedPartitions(subscriptions, partitionCounts)) {
            // Some member subscribes to every listed topic, so this finds one within a full turn.
            while (!subscriptions.get(members.get(next)).contains(tp.topic())) {
                next = (next + 1) % members.size();
            }
            result.get(members.get(next)).add(tp);
            next = (next + 1) % members.size();
        }
        return result;
    }
}
