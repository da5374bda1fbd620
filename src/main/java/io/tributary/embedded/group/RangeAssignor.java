package io.tributary.embedded.group;

import io.tributary.common.TopicPartition;
import io.tributary.consume.AssignmentStrategy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Kafka's RangeAssignor: per topic, the subscribers sorted by id each take a consecutive range of partitions, the
 * first ones one more when the count does not divide evenly (3 partitions over c0, c1: c0 {0, 1}, c1 {2}).
 */
public record RangeAssignor() implements Assignor {

    @Override
    public AssignmentStrategy strategy() {
        return AssignmentStrategy.RANGE;
    }

    @Override
    public SortedMap<String, SortedSet<TopicPartition>> assign(Map<String, Set<String>> subscriptions,
                                                               Map<String, Integer> partitionCounts,
                                                               Map<String, ? extends Set<TopicPartition>> current) {
        var result = Assignor.emptyAssignment(subscriptions.keySet());
        var topics = new TreeSet<String>();
        subscriptions.values().forEach(topics::addAll);
        for (String topic : topics) {
            List<String> subscribers = result.keySet().stream().filter(m -> subscriptions.get(m).contains(topic)).toList();
            int partitions = partitionCounts.getOrDefault(topic, 0);
            int perMember = partitions / subscribers.size();
            int withExtra = partitions % subscribers.size();
            for (int i = 0; i < subscribers.size(); i++) {
                int start = perMember * i + Math.min(i, withExtra);
                int length = perMember + (i < withExtra ? 1 : 0);
                for (int p = start; p < start + length; p++) {
                    result.get(subscribers.get(i)).add(new TopicPartition(topic, p));
                }
            }
        }
        return result;
    }
}
