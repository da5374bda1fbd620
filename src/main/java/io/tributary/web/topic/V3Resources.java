package io.tributary.web.topic;

import io.tributary.topic.ClusterIdentity;
import io.tributary.web.V3Links;

import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The Confluent v3 resource shapes: {@code kind}, {@code metadata.self} (absolute URL), the fields, and
 * {@code related} links where Confluent has them (links to resources a single node does not serve, such as ACLs or
 * reassignments, are kept for shape compatibility).
 */
public final class V3Resources {

    private V3Resources() {
    }

    public record Metadata(String self,
                           @JsonProperty("resource_name") @JsonInclude(JsonInclude.Include.NON_NULL) String resourceName) {
    }

    public record ListMetadata(String self, String next) {
    }

    public record Related(String related) {
        static Related to(String cluster, Object... segments) {
            return new Related(V3Links.cluster(cluster, segments));
        }
    }

    /** {@code {"kind":"Kafka...List","metadata":{"self","next"},"data":[...]}} */
    public record ResourceList<T>(String kind, ListMetadata metadata, List<T> data) {
        static <T> ResourceList<T> of(String kind, String self, List<T> data) {
            return new ResourceList<>(kind, new ListMetadata(self, null), data);
        }
    }

    public record Cluster(String kind, Metadata metadata, @JsonProperty("cluster_id") String clusterId,
                          Related controller, Related acls, Related brokers,
                          @JsonProperty("broker_configs") Related brokerConfigs,
                          @JsonProperty("consumer_groups") Related consumerGroups, Related topics,
                          @JsonProperty("partition_reassignments") Related partitionReassignments,
                          @JsonProperty("authorized_operations") List<String> authorizedOperations) {
        static Cluster of(String c, List<String> authorizedOperations) {
            return new Cluster("KafkaCluster", new Metadata(V3Links.cluster(c), V3Links.crn(c)), c,
                    Related.to(c, "brokers", ClusterIdentity.BROKER_ID), Related.to(c, "acls"), Related.to(c, "brokers"),
                    Related.to(c, "broker-configs"), Related.to(c, "consumer-groups"), Related.to(c, "topics"),
                    Related.to(c, "topics", "-", "partitions", "-", "reassignment"), authorizedOperations);
        }
    }

    public record Topic(String kind, Metadata metadata, @JsonProperty("cluster_id") String clusterId,
                        @JsonProperty("topic_name") String topicName, @JsonProperty("is_internal") boolean internal,
                        @JsonProperty("replication_factor") int replicationFactor,
                        @JsonProperty("partitions_count") int partitionsCount, Related partitions, Related configs,
                        @JsonProperty("partition_reassignments") Related partitionReassignments,
                        @JsonProperty("authorized_operations") List<String> authorizedOperations) {
        static Topic of(String c, String t, int partitionsCount) {
            return of(c, t, partitionsCount, List.of());
        }

        static Topic of(String c, String t, int partitionsCount, List<String> authorizedOperations) {
            return new Topic("KafkaTopic", new Metadata(V3Links.cluster(c, "topics", t), V3Links.crn(c, "topic", t)), c, t,
                    false, 1, partitionsCount, Related.to(c, "topics", t, "partitions"), Related.to(c, "topics", t, "configs"),
                    Related.to(c, "topics", t, "partitions", "-", "reassignment"), authorizedOperations);
        }
    }

    public record Partition(String kind, Metadata metadata, @JsonProperty("cluster_id") String clusterId,
                            @JsonProperty("topic_name") String topicName, @JsonProperty("partition_id") int partitionId,
                            Related leader, Related replicas, Related reassignment) {
        static Partition of(String c, String t, int p) {
            return new Partition("KafkaPartition",
                    new Metadata(V3Links.cluster(c, "topics", t, "partitions", p), V3Links.crn(c, "topic", t, "partition", p)),
                    c, t, p, Related.to(c, "topics", t, "partitions", p, "replicas", ClusterIdentity.BROKER_ID),
                    Related.to(c, "topics", t, "partitions", p, "replicas"),
                    Related.to(c, "topics", t, "partitions", p, "reassignment"));
        }
    }

    public record TopicConfig(String kind, Metadata metadata, @JsonProperty("cluster_id") String clusterId,
                              @JsonProperty("topic_name") String topicName, String name, String value,
                              @JsonProperty("is_default") boolean isDefault,
                              @JsonProperty("is_read_only") boolean isReadOnly,
                              @JsonProperty("is_sensitive") boolean isSensitive, String source, List<Synonym> synonyms) {
        static TopicConfig of(String c, String t, String name, String value, String defaultValue) {
            boolean isDefault = value.equals(defaultValue);
            Synonym fallback = new Synonym(name, defaultValue, "DEFAULT_CONFIG");
            return new TopicConfig("KafkaTopicConfig",
                    new Metadata(V3Links.cluster(c, "topics", t, "configs", name), V3Links.crn(c, "topic", t, "config", name)),
                    c, t, name, value, isDefault, false, false, isDefault ? "DEFAULT_CONFIG" : "DYNAMIC_TOPIC_CONFIG",
                    isDefault ? List.of(fallback) : List.of(new Synonym(name, value, "DYNAMIC_TOPIC_CONFIG"), fallback));
        }
    }

    public record Synonym(String name, String value, String source) {
    }

    /**
     * A Tributary extension in the v3 style: what a topic holds ({@code records}, {@code size_bytes}) and when it was
     * last written ({@code last_write_time}, ISO-8601 like the v3 produce response; null while it holds no record), in
     * total and per partition.
     */
    public record TopicStats(String kind, Metadata metadata, @JsonProperty("cluster_id") String clusterId,
                             @JsonProperty("topic_name") String topicName,
                             @JsonProperty("partitions_count") int partitionsCount, long records,
                             @JsonProperty("size_bytes") long sizeBytes, @JsonProperty("last_write_time") String lastWriteTime,
                             Related topic, List<PartitionStats> partitions) {
        static TopicStats of(String c, io.tributary.topic.TopicStats stats) {
            String t = stats.topic();
            return new TopicStats("KafkaTopicStats", new Metadata(V3Links.cluster(c, "topic-stats", t), null), c, t,
                    stats.partitions().size(), stats.records(), stats.sizeBytes(), isoTime(stats.lastWriteTime()),
                    Related.to(c, "topics", t), stats.partitions().stream().map(PartitionStats::of).toList());
        }
    }

    public record PartitionStats(@JsonProperty("partition_id") int partitionId,
                                 @JsonProperty("log_start_offset") long logStartOffset,
                                 @JsonProperty("log_end_offset") long logEndOffset, long records,
                                 @JsonProperty("size_bytes") long sizeBytes,
                                 @JsonProperty("last_write_time") String lastWriteTime) {
        static PartitionStats of(io.tributary.topic.PartitionStats p) {
            return new PartitionStats(p.partition(), p.logStartOffset(), p.logEndOffset(), p.records(), p.sizeBytes(),
                    isoTime(p.lastWriteTime()));
        }
    }

    private static String isoTime(OptionalLong epochMillis) {
        return epochMillis.isPresent() ? Instant.ofEpochMilli(epochMillis.getAsLong()).toString() : null;
    }
}
