package io.tributary.kafka.group;

import io.tributary.common.TopicPartition;
import io.tributary.common.errors.UnknownTopicException;
import io.tributary.consume.AssignmentStrategy;
import io.tributary.consume.ConsumerRules;
import io.tributary.consume.GroupSnapshot;
import io.tributary.consume.GroupState;
import io.tributary.consume.GroupViews;
import io.tributary.consume.PartitionLag;
import io.tributary.consume.Subscription;
import io.tributary.kafka.ConditionalOnKafkaBackend;
import io.tributary.kafka.KafkaClients;
import io.tributary.kafka.KafkaErrors;
import io.tributary.settings.TributaryProperties;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.MemberAssignment;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.springframework.stereotype.Component;

/**
 * Consumer groups as the Kafka cluster knows them: Tributary's instances on any node and Kafka's own clients alike,
 * and groups that only have committed offsets (EMPTY). A member's id is Kafka's member id, the one Kafka's tools show.
 */
@Component
@ConditionalOnKafkaBackend
class KafkaGroupViews implements GroupViews {

    private final Admin admin;
    private final Duration timeout;
    private final String defaultAssignor;

    KafkaGroupViews(Admin admin, KafkaClients clients, TributaryProperties properties) {
        this.admin = admin;
        this.timeout = clients.requestTimeout();
        this.defaultAssignor = AssignmentStrategy.named(properties.consumer().defaultAssignor()).externalName();
    }

    @Override
    public List<GroupSnapshot> groups() {
        List<String> ids = KafkaErrors.await(admin.listGroups(ListGroupsOptions.forConsumerGroups()).all(), timeout,
                "list consumer groups").stream().map(GroupListing::groupId).sorted().toList();
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, ConsumerGroupDescription> described = KafkaErrors.await(admin.describeConsumerGroups(ids).all(),
                timeout, "describe consumer groups");
        return ids.stream().map(described::get)
                .filter(d -> d != null && d.groupState() != org.apache.kafka.common.GroupState.DEAD)
                .map(this::snapshot).toList();
    }

    @Override
    public Optional<GroupSnapshot> group(String groupId) {
        return GroupDescriptions.describe(admin, groupId, timeout).map(this::snapshot);
    }

    @Override
    public List<PartitionLag> lags(String groupId) {
        GroupSnapshot group = requireGroup(groupId);
        Map<TopicPartition, String> owners = new HashMap<>();
        group.members().forEach(m -> m.owned().forEach(tp -> owners.put(tp, m.id())));
        Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> committed = KafkaErrors.await(
                admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata(), timeout,
                "read the committed offsets of group '" + groupId + "'");
        Map<org.apache.kafka.common.TopicPartition, OffsetSpec> latest = new HashMap<>();
        committed.forEach((tp, offset) -> {
            if (offset != null) {
                latest.put(tp, OffsetSpec.latest());
            }
        });
        ListOffsetsResult ends = admin.listOffsets(latest);
        List<PartitionLag> lags = new ArrayList<>();
        for (var tp : latest.keySet()) {
            try {
                long end = KafkaErrors.await(ends.partitionResult(tp), timeout, "read the end offset of " + tp).offset();
                TopicPartition partition = Partitions.of(tp);
                lags.add(new PartitionLag(tp.topic(), tp.partition(), committed.get(tp).offset(), end,
                        owners.getOrDefault(partition, "")));
            } catch (UnknownTopicException deleted) {
                // the topic went; Kafka drops its offsets in time
            }
        }
        lags.sort(Comparator.comparing(PartitionLag::topic).thenComparingInt(PartitionLag::partition));
        return lags;
    }

    private GroupSnapshot snapshot(ConsumerGroupDescription d) {
        String protocol = d.partitionAssignor();
        String assignor = Assignors.ofProtocol(protocol).map(AssignmentStrategy::externalName)
                .orElse(protocol == null || protocol.isEmpty() ? defaultAssignor : protocol);
        List<GroupSnapshot.Member> members = d.members().stream()
                .map(m -> member(d.groupId(), m))
                .sorted(Comparator.comparing(GroupSnapshot.Member::id)).toList();
        return new GroupSnapshot(d.groupId(), state(d.groupState()), assignor, d.groupEpoch().orElse(0), members);
    }

    private static GroupState state(org.apache.kafka.common.GroupState state) {
        return switch (state) {
            case STABLE -> GroupState.STABLE;
            case EMPTY, DEAD, UNKNOWN -> GroupState.EMPTY;
            default -> GroupState.PREPARING_REBALANCE; // preparing or completing a rebalance, reconciling, assigning
        };
    }

    /**
     * A member as Kafka describes it. Kafka does not say what a classic member subscribed to, only what it got, nor
     * when it joined (null).
     */
    private static GroupSnapshot.Member member(String group, MemberDescription m) {
        SortedSet<TopicPartition> owned = partitions(m.assignment());
        SortedSet<TopicPartition> assigned = m.targetAssignment().map(KafkaGroupViews::partitions).orElse(owned);
        SortedSet<String> topics = new TreeSet<>();
        owned.forEach(tp -> topics.add(tp.topic()));
        assigned.forEach(tp -> topics.add(tp.topic()));
        return new GroupSnapshot.Member(InstanceClientIds.consumerId(group, m), m.host(), null,
                new Subscription.Topics(topics), owned, assigned);
    }

    private static SortedSet<TopicPartition> partitions(MemberAssignment assignment) {
        return ConsumerRules.sorted(Partitions.of(assignment.topicPartitions()));
    }
}
