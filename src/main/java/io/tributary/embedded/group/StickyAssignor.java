package io.tributary.embedded.group;

import io.tributary.common.TopicPartition;
import io.tributary.consume.AssignmentStrategy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * Kafka's StickyAssignor goals: a balanced assignment (with equal subscriptions, partition counts differ by at most
 * one) that keeps as many partitions as possible where they are. Members keep what they have, unowned partitions go
 * to the least loaded subscriber, and then single partitions move from the most to the least loaded member until no
 * move improves balance; each move is one partition, so a join or leave moves no more than balance requires.
 * Without a current assignment and with equal subscriptions the result equals round-robin's.
 */
public record StickyAssignor() implements Assignor {

    @Override
    public AssignmentStrategy strategy() {
        return AssignmentStrategy.STICKY;
    }

    @Override
    public SortedMap<String, SortedSet<TopicPartition>> assign(Map<String, Set<String>> subscriptions,
                                                               Map<String, Integer> partitionCounts,
                                                               Map<String, ? extends Set<TopicPartition>> current) {
        var result = Assignor.emptyAssignment(subscriptions.keySet());
        var unassigned = Assignor.subscribedPartitions(subscriptions, partitionCounts);
        current.forEach((member, owned) -> {
            if (result.containsKey(member)) {
                for (TopicPartition tp : owned) {
                    if (subscriptions.get(member).contains(tp.topic()) && unassigned.remove(tp)) {
                        result.get(member).add(tp);
                    }
                }
            }
        });

        Map<String, Set<String>> subscribers = subscribersByTopic(subscriptions);
        // Partitions with fewer candidates first, so that they still find room (Kafka does the same).
        List<TopicPartition> toPlace = new ArrayList<>(unassigned);
        toPlace.sort(Comparator.comparingInt((TopicPartition tp) -> subscribers.get(tp.topic()).size())
                .thenComparing(TopicPartition.ORDER));
        for (TopicPartition tp : toPlace) {
            leastLoaded(result, subscribers.get(tp.topic())).add(tp);
        }

        while (moveOne(result, subscribers)) {
            // each move lowers the sum of squared counts, so this ends
        }
        return result;
    }

    /** Moves one partition from a member to a subscriber holding at least two fewer; false when none can move. */
    private static boolean moveOne(SortedMap<String, SortedSet<TopicPartition>> result, Map<String, Set<String>> subscribers) {
        List<String> byLoadDescending = new ArrayList<>(result.keySet());
        byLoadDescending.sort(Comparator.comparingInt((String m) -> result.get(m).size()).reversed());
        for (String from : byLoadDescending) {
            // Move the highest partitions first: the low ones stay put, which keeps results readable.
            List<TopicPartition> owned = new ArrayList<>(result.get(from));
            Collections.reverse(owned);
            for (TopicPartition tp : owned) {
                SortedSet<TopicPartition> to = leastLoaded(result, subscribers.get(tp.topic()));
                if (result.get(from).size() - to.size() > 1) {
                    result.get(from).remove(tp);
                    to.add(tp);
                    return true;
                }
            }
        }
        return false;
    }

    private static SortedSet<TopicPartition> leastLoaded(SortedMap<String, SortedSet<TopicPartition>> result, Set<String> candidates) {
        String best = null;
        for (String member : result.keySet()) { // sorted by id: ties go to the lowest id
            if (candidates.contains(member) && (best == null || result.get(member).size() < result.get(best).size())) {
                best = member;
            }
        }
        return result.get(best);
    }

    private static Map<String, Set<String>> subscribersByTopic(Map<String, Set<String>> subscriptions) {
        Map<String, Set<String>> subscribers = new HashMap<>();
        subscriptions.forEach((member, topics) ->
                topics.forEach(topic -> subscribers.computeIfAbsent(topic, t -> new HashSet<>()).add(member)));
        return subscribers;
    }
}
