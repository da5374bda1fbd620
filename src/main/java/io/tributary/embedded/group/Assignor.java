package io.tributary.embedded.group;

import io.tributary.common.TopicPartition;
import io.tributary.consume.AssignmentStrategy;

import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decides which member of a group reads which partition, with the results of Kafka's assignors of the same name.
 * Every partition of a topic that at least one member subscribes to goes to exactly one subscriber of that topic.
 */
public sealed interface Assignor permits RangeAssignor, RoundRobinAssignor, StickyAssignor {

    /** The strategy this assignor implements. */
    AssignmentStrategy strategy();

    /** The strategy's short name, as group descriptions show it. */
    default String name() {
        return strategy().externalName();
    }

    /**
     * @param subscriptions   member id to the existing topics it subscribes to
     * @param partitionCounts topic to its number of partitions (at least every subscribed topic)
     * @param current         member id to the partitions it was assigned so far (only the sticky assignor uses it)
     * @return every member id of {@code subscriptions} to its partitions (empty when it gets none)
     */
    SortedMap<String, SortedSet<TopicPartition>> assign(Map<String, Set<String>> subscriptions,
                                                        Map<String, Integer> partitionCounts,
                                                        Map<String, ? extends Set<TopicPartition>> current);

    static Assignor of(AssignmentStrategy strategy) {
        return switch (strategy) {
            case RANGE -> new RangeAssignor();
            case ROUND_ROBIN -> new RoundRobinAssignor();
            case STICKY -> new StickyAssignor();
        };
    }

    /** @throws IllegalArgumentException for a name {@link AssignmentStrategy#named} does not know */
    static Assignor named(String name) {
        return of(AssignmentStrategy.named(name));
    }

    /** An empty result with every member present, sorted by member id. */
    static SortedMap<String, SortedSet<TopicPartition>> emptyAssignment(Set<String> members) {
        SortedMap<String, SortedSet<TopicPartition>> result = new TreeMap<>();
        members.forEach(m -> result.put(m, new TreeSet<>(TopicPartition.ORDER)));
        return result;
    }

    /** All partitions of the topics some member subscribes to, in {@link TopicPartition#ORDER}. */
    static SortedSet<TopicPartition> subscribedPartitions(Map<String, Set<String>> subscriptions,
                                                          Map<String, Integer> partitionCounts) {
        SortedSet<TopicPartition> all = new TreeSet<>(TopicPartition.ORDER);
        subscriptions.values().stream().flatMap(Set::stream).distinct().forEach(topic -> {
            int count = partitionCounts.getOrDefault(topic, 0);
            for (int p = 0; p < count; p++) {
                all.add(new TopicPartition(topic, p));
            }
        });
        return all;
    }
}
