package io.tributary.consume;

import io.tributary.log.TopicPartition;

import java.util.Comparator;
import java.util.Locale;
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

    /** Partitions ordered by topic, then partition number, as Kafka's assignors order them. */
    Comparator<TopicPartition> PARTITION_ORDER = Comparator.comparing(TopicPartition::topic)
            .thenComparingInt(TopicPartition::partition);

    /** The short name users pass in {@code partition.assignment.strategy} and see in group descriptions. */
    String name();

    /** The Kafka consumer's class name of the equivalent assignor. */
    String kafkaClassName();

    /**
     * @param subscriptions   member id to the existing topics it subscribes to
     * @param partitionCounts topic to its number of partitions (at least every subscribed topic)
     * @param current         member id to the partitions it was assigned so far (only the sticky assignor uses it)
     * @return every member id of {@code subscriptions} to its partitions (empty when it gets none)
     */
    SortedMap<String, SortedSet<TopicPartition>> assign(Map<String, Set<String>> subscriptions,
                                                        Map<String, Integer> partitionCounts,
                                                        Map<String, ? extends Set<TopicPartition>> current);

    /**
     * The assignor for a strategy name: {@code range}, {@code roundrobin}, {@code sticky}, or a Kafka assignor class
     * name ({@code cooperative-sticky} and {@code CooperativeStickyAssignor} mean sticky: Tributary's hand-over is
     * always cooperative).
     *
     * @throws IllegalArgumentException for anything else
     */
    static Assignor named(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        n = n.substring(n.lastIndexOf('.') + 1).replace("-", "").replace("_", "");
        return switch (n) {
            case "range", "rangeassignor" -> new RangeAssignor();
            case "roundrobin", "roundrobinassignor" -> new RoundRobinAssignor();
            case "sticky", "stickyassignor", "cooperativesticky", "cooperativestickyassignor" -> new StickyAssignor();
            default -> throw new IllegalArgumentException("Unknown partition.assignment.strategy '" + name
                    + "': expected range, roundrobin or sticky");
        };
    }

    /** An empty result with every member present, sorted by member id. */
    static SortedMap<String, SortedSet<TopicPartition>> emptyAssignment(Set<String> members) {
        SortedMap<String, SortedSet<TopicPartition>> result = new TreeMap<>();
        members.forEach(m -> result.put(m, new TreeSet<>(PARTITION_ORDER)));
        return result;
    }

    /** All partitions of the topics some member subscribes to, in {@link #PARTITION_ORDER}. */
    static SortedSet<TopicPartition> subscribedPartitions(Map<String, Set<String>> subscriptions,
                                                          Map<String, Integer> partitionCounts) {
        SortedSet<TopicPartition> all = new TreeSet<>(PARTITION_ORDER);
        subscriptions.values().stream().flatMap(Set::stream).distinct().forEach(topic -> {
            int count = partitionCounts.getOrDefault(topic, 0);
            for (int p = 0; p < count; p++) {
                all.add(new TopicPartition(topic, p));
            }
        });
        return all;
    }
}
