package io.tributary.embedded.offset;

import io.tributary.common.TopicPartition;
import io.tributary.consume.CommittedOffset;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The latest committed offset of each partition whose commit is in the journal but not yet in H2: reads lay these over
 * what H2 returns. An entry leaves only once a checkpoint has committed it (or a newer one) to H2, so a read that takes
 * its view of these first and queries H2 after misses nothing answered before it began.
 */
final class UncheckpointedOffsets {

    /** Ordered as the store answers: group, topic, partition. */
    private static final Comparator<CommittedOffset> ORDER = Comparator.comparing(CommittedOffset::group)
            .thenComparing(CommittedOffset::topic).thenComparingInt(CommittedOffset::partition);

    /** By group, then partition: a read concerns one group. Emptied groups are dropped (atomically, per group). */
    private final Map<String, Map<TopicPartition, CommittedOffset>> byGroup = new ConcurrentHashMap<>();

    private static TopicPartition partition(CommittedOffset o) {
        return new TopicPartition(o.topic(), o.partition());
    }

    /** Records a commit the journal holds (replacing the partition's earlier one). */
    void put(CommittedOffset committed) {
        byGroup.compute(committed.group(), (group, partitions) -> {
            Map<TopicPartition, CommittedOffset> p = partitions != null ? partitions : new ConcurrentHashMap<>();
            p.put(partition(committed), committed);
            return p;
        });
    }

    /** What a checkpoint should write now. */
    List<CommittedOffset> snapshot() {
        List<CommittedOffset> all = new ArrayList<>();
        byGroup.values().forEach(partitions -> all.addAll(partitions.values()));
        return all;
    }

    /** Forgets what a checkpoint wrote to H2, except the partitions committed again meanwhile. */
    void checkpointed(Collection<CommittedOffset> written) {
        for (CommittedOffset o : written) {
            byGroup.computeIfPresent(o.group(), (group, partitions) -> {
                partitions.remove(partition(o), o);
                return partitions.isEmpty() ? null : partitions;
            });
        }
    }

    boolean isEmpty() {
        return byGroup.isEmpty();
    }

    /** The group's entries that {@code filter} accepts. */
    List<CommittedOffset> ofGroup(String group, Predicate<CommittedOffset> filter) {
        Map<TopicPartition, CommittedOffset> partitions = byGroup.get(group);
        return partitions == null ? List.of() : partitions.values().stream().filter(filter).toList();
    }

    /** The groups with an entry, sorted. */
    SortedSet<String> groups() {
        return new TreeSet<>(byGroup.keySet());
    }

    /**
     * {@code stored} (from H2, read after {@code recent} was taken) with {@code recent} laid over it, in {@link #ORDER}.
     */
    static List<CommittedOffset> overlay(List<CommittedOffset> stored, List<CommittedOffset> recent) {
        if (recent.isEmpty()) {
            return stored;
        }
        Map<CommittedOffset, CommittedOffset> merged = new TreeMap<>(ORDER);
        stored.forEach(o -> merged.put(o, o));
        recent.forEach(o -> merged.put(o, o)); // TreeMap keeps the first key object, so replace the value
        return List.copyOf(merged.values());
    }
}
