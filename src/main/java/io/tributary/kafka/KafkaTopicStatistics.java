package io.tributary.kafka;

import io.tributary.topic.PartitionStats;
import io.tributary.topic.TopicChecks;
import io.tributary.topic.TopicNames;
import io.tributary.topic.TopicStatistics;
import io.tributary.topic.TopicStats;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.springframework.stereotype.Component;

/**
 * Topic statistics from the cluster in a fixed number of requests however many topics: one description of them all,
 * three offset lookups (earliest, latest, max timestamp; the admin client sends one request per leader broker for
 * each) and one log directory description per broker leading any of them. A partition's size is its leader's.
 */
@Component
@ConditionalOnKafkaBackend
class KafkaTopicStatistics implements TopicStatistics {

    private final Admin admin;
    private final KafkaTopics topics;

    KafkaTopicStatistics(Admin admin, KafkaClients clients) {
        this.admin = admin;
        this.topics = new KafkaTopics(admin, clients.requestTimeout());
    }

    @Override
    public List<TopicStats> list(Predicate<String> include) {
        return stats(topics.names().stream().filter(include).toList());
    }

    @Override
    public TopicStats of(String topic) {
        TopicNames.requireValid(topic);
        List<TopicStats> stats = stats(List.of(topic));
        if (stats.isEmpty()) {
            throw TopicChecks.unknownTopic(topic);
        }
        return stats.get(0);
    }

    /** Sorted by name; topics deleted meanwhile are left out. */
    private List<TopicStats> stats(Collection<String> names) {
        Map<String, TopicDescription> described = topics.describe(new TreeSet<>(names));
        if (described.isEmpty()) {
            return List.of();
        }
        Map<TopicPartition, Integer> leaders = new HashMap<>();
        described.values().forEach(t -> t.partitions().forEach(p ->
                leaders.put(new TopicPartition(t.name(), p.partition()), leaderOf(p))));
        var earliest = offsets(leaders.keySet(), OffsetSpec.earliest());
        var latest = offsets(leaders.keySet(), OffsetSpec.latest());
        var maxTimestamp = offsets(leaders.keySet(), OffsetSpec.maxTimestamp());
        Map<TopicPartition, Long> sizes = sizes(leaders);
        String what = "list the offsets of topics";
        Map<TopicPartition, ListOffsetsResultInfo> starts = topics.awaitEach(earliest, what);
        Map<TopicPartition, ListOffsetsResultInfo> ends = topics.awaitEach(latest, what);
        Map<TopicPartition, ListOffsetsResultInfo> newest = topics.awaitEach(maxTimestamp, what);
        List<TopicStats> stats = new ArrayList<>();
        for (TopicDescription topic : described.values()) {
            List<PartitionStats> partitions = new ArrayList<>();
            for (TopicPartitionInfo p : topic.partitions()) {
                TopicPartition tp = new TopicPartition(topic.name(), p.partition());
                if (!starts.containsKey(tp) || !ends.containsKey(tp)) {
                    break; // deleted meanwhile
                }
                ListOffsetsResultInfo max = newest.get(tp);
                partitions.add(new PartitionStats(p.partition(), starts.get(tp).offset(), ends.get(tp).offset(),
                        sizes.getOrDefault(tp, 0L), max == null || max.timestamp() < 0
                                ? OptionalLong.empty() : OptionalLong.of(max.timestamp())));
            }
            if (partitions.size() == topic.partitions().size()) {
                stats.add(new TopicStats(topic.name(), partitions));
            }
        }
        return stats;
    }

    private static int leaderOf(TopicPartitionInfo partition) {
        Node leader = partition.leader();
        return leader == null || leader.isEmpty() ? -1 : leader.id();
    }

    private Map<TopicPartition, KafkaFuture<ListOffsetsResultInfo>> offsets(
            Set<TopicPartition> partitions, OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        var result = admin.listOffsets(request);
        Map<TopicPartition, KafkaFuture<ListOffsetsResultInfo>> futures = new HashMap<>();
        partitions.forEach(tp -> futures.put(tp, result.partitionResult(tp)));
        return futures;
    }

    /** Each partition's size on its leader; 0 while it has none (nothing can be read from it then either). */
    private Map<TopicPartition, Long> sizes(Map<TopicPartition, Integer> leaders) {
        Set<Integer> brokers = new TreeSet<>(leaders.values());
        brokers.remove(-1);
        if (brokers.isEmpty()) {
            return Map.of();
        }
        Map<Integer, Map<String, LogDirDescription>> dirs = topics.awaitEach(
                admin.describeLogDirs(brokers).descriptions(), "describe the brokers' log directories");
        Map<TopicPartition, Long> sizes = new HashMap<>();
        dirs.forEach((broker, byDir) -> byDir.values().forEach(dir -> dir.replicaInfos().forEach((tp, replica) -> {
            if (broker.equals(leaders.get(tp)) && !replica.isFuture()) {
                sizes.merge(tp, replica.size(), Long::sum);
            }
        })));
        return sizes;
    }
}
