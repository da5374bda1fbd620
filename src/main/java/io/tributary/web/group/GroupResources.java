package io.tributary.web.group;

import io.tributary.common.TopicPartition;
import io.tributary.consume.GroupSnapshot;
import io.tributary.consume.PartitionLag;
import io.tributary.web.V3Links;
import io.tributary.web.topic.V3Resources.Metadata;
import io.tributary.web.topic.V3Resources.Related;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Confluent v3 shapes of consumer groups, their consumers, assignments and lags. Tributary adds
 * {@code generation_id} and {@code members_count} to a group, and {@code assigned_partitions} (read now) and
 * {@code pending_partitions} (assigned, waiting for their previous owner to give them up) to a consumer.
 * <p>
 * A group's {@code type} is CLASSIC: members join a group whose generation goes up on every change, as in Kafka's
 * classic group protocol, not the KIP-848 {@code CONSUMER} one; so a group never mixes the two.
 */
public final class GroupResources {

    private GroupResources() {
    }

    public record Group(String kind, Metadata metadata, @JsonProperty("cluster_id") String clusterId,
                        @JsonProperty("consumer_group_id") String groupId, @JsonProperty("is_simple") boolean simple,
                        @JsonProperty("partition_assignor") String partitionAssignor, String state, String type,
                        @JsonProperty("is_mixed_consumer_group") boolean mixed,
                        @JsonProperty("generation_id") long generation, @JsonProperty("members_count") int members,
                        Related coordinator, Related consumers, @JsonProperty("lag_summary") Related lagSummary) {

        static final String CLASSIC = "CLASSIC";

        static Group of(String c, GroupSnapshot g, int coordinator) {
            boolean simple = !g.members().isEmpty() && g.members().stream().noneMatch(m -> m.subscription().groupManaged());
            return new Group("KafkaConsumerGroup", groupMetadata(c, g.groupId()), c, g.groupId(), simple, g.assignor(),
                    g.state().name(), CLASSIC, false, g.generation(), g.members().size(),
                    related(c, "brokers", coordinator),
                    related(c, "consumer-groups", g.groupId(), "consumers"),
                    related(c, "consumer-groups", g.groupId(), "lag-summary"));
        }
    }

    public record PartitionRef(@JsonProperty("topic_name") String topic, @JsonProperty("partition_id") int partition) {

        static List<PartitionRef> of(java.util.Collection<TopicPartition> partitions) {
            return partitions.stream().map(tp -> new PartitionRef(tp.topic(), tp.partition())).toList();
        }
    }

    public record Consumer(String kind, Metadata metadata, @JsonProperty("cluster_id") String clusterId,
                           @JsonProperty("consumer_group_id") String groupId, @JsonProperty("consumer_id") String consumerId,
                           @JsonProperty("instance_id") String instanceId, @JsonProperty("client_id") String clientId,
                           String host, Related assignments,
                           @JsonProperty("assigned_partitions") List<PartitionRef> assignedPartitions,
                           @JsonProperty("pending_partitions") List<PartitionRef> pendingPartitions) {

        static Consumer of(String c, String group, GroupSnapshot.Member m) {
            var pending = m.assigned().stream().filter(tp -> !m.owned().contains(tp)).toList();
            return new Consumer("KafkaConsumer",
                    new Metadata(V3Links.cluster(c, "consumer-groups", group, "consumers", m.id()),
                            V3Links.crn(c, "consumer-group", group, "consumer", m.id())),
                    c, group, m.id(), m.id(), m.id(), m.clientHost(),
                    related(c, "consumer-groups", group, "consumers", m.id(), "assignments"),
                    PartitionRef.of(m.owned()), PartitionRef.of(pending));
        }
    }

    public record Assignment(String kind, Metadata metadata, @JsonProperty("cluster_id") String clusterId,
                             @JsonProperty("consumer_group_id") String groupId, @JsonProperty("consumer_id") String consumerId,
                             @JsonProperty("topic_name") String topic, @JsonProperty("partition_id") int partition,
                             @JsonProperty("partition") Related partitionLink, Related lag) {

        static Assignment of(String c, String group, String consumer, TopicPartition tp) {
            return new Assignment("KafkaConsumerAssignment",
                    new Metadata(V3Links.cluster(c, "consumer-groups", group, "consumers", consumer, "assignments", tp.topic(),
                            "partitions", tp.partition()),
                            V3Links.crn(c, "consumer-group", group, "consumer", consumer, "topic", tp.topic(), "partition", tp.partition())),
                    c, group, consumer, tp.topic(), tp.partition(), related(c, "topics", tp.topic(), "partitions", tp.partition()),
                    related(c, "consumer-groups", group, "lags", tp.topic(), "partitions", tp.partition()));
        }
    }

    /** One partition's lag; {@code consumer_id} is empty when no member reads the partition now. */
    public record Lag(String kind, Metadata metadata, @JsonProperty("cluster_id") String clusterId,
                      @JsonProperty("consumer_group_id") String groupId, @JsonProperty("topic_name") String topic,
                      @JsonProperty("partition_id") int partition, @JsonProperty("current_offset") long currentOffset,
                      @JsonProperty("log_end_offset") long logEndOffset, long lag,
                      @JsonProperty("consumer_id") String consumerId, @JsonProperty("instance_id") String instanceId,
                      @JsonProperty("client_id") String clientId) {

        static Lag of(String c, String group, PartitionLag l) {
            return new Lag("KafkaConsumerLag",
                    new Metadata(V3Links.cluster(c, "consumer-groups", group, "lags", l.topic(), "partitions", l.partition()),
                            V3Links.crn(c, "consumer-group", group, "lag", l.topic(), "partition", l.partition())),
                    c, group, l.topic(), l.partition(), l.committed(), l.endOffset(), l.lag(), l.owner(), l.owner(), l.owner());
        }
    }

    public record LagSummary(String kind, Metadata metadata, @JsonProperty("cluster_id") String clusterId,
                             @JsonProperty("consumer_group_id") String groupId,
                             @JsonProperty("max_lag_consumer_id") String maxLagConsumerId,
                             @JsonProperty("max_lag_instance_id") String maxLagInstanceId,
                             @JsonProperty("max_lag_client_id") String maxLagClientId,
                             @JsonProperty("max_lag_topic_name") String maxLagTopic,
                             @JsonProperty("max_lag_partition_id") int maxLagPartition,
                             @JsonProperty("max_lag") long maxLag, @JsonProperty("total_lag") long totalLag,
                             @JsonProperty("max_lag_consumer") Related maxLagConsumer,
                             @JsonProperty("max_lag_partition") Related maxLagPartitionLink) {

        /**
         * Both links are required by Confluent's spec and always lead somewhere: to the consumer reading the
         * partition that lags most, or, while no member reads it, to the group's consumers (where Confluent's link,
         * built from the empty consumer id, leads: {@code .../consumers/}); to that partition, or, while the group
         * has committed nothing (Confluent answers 404 then; Tributary a summary of zeros, so that the group's
         * {@code lag_summary} link leads somewhere), to the group's lags, an empty list (docs/compatibility.md).
         */
        static LagSummary of(String c, String group, List<PartitionLag> lags) {
            PartitionLag max = lags.stream().max(java.util.Comparator.comparingLong(PartitionLag::lag))
                    .orElse(new PartitionLag("", 0, 0, 0, ""));
            long total = lags.stream().mapToLong(PartitionLag::lag).sum();
            return new LagSummary("KafkaConsumerGroupLagSummary",
                    new Metadata(V3Links.cluster(c, "consumer-groups", group, "lag-summary"),
                            V3Links.crn(c, "consumer-group", group, "lag-summary")),
                    c, group, max.owner(), max.owner(), max.owner(), max.topic(), max.partition(), max.lag(), total,
                    max.owner().isEmpty() ? related(c, "consumer-groups", group, "consumers")
                            : related(c, "consumer-groups", group, "consumers", max.owner()),
                    lags.isEmpty() ? related(c, "consumer-groups", group, "lags")
                            : related(c, "topics", max.topic(), "partitions", max.partition()));
        }
    }

    static Metadata groupMetadata(String c, String group) {
        return new Metadata(V3Links.cluster(c, "consumer-groups", group), V3Links.crn(c, "consumer-group", group));
    }

    static Related related(String c, Object... segments) {
        return new Related(V3Links.cluster(c, segments));
    }
}
