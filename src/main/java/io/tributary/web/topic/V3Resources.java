package io.tributary.web.topic;

import io.tributary.topic.Broker.Address;
import io.tributary.topic.PartitionReplica;
import io.tributary.web.V3Links;

import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The Confluent v3 resource shapes: {@code kind}, {@code metadata.self} (absolute URL), the fields, and
 * {@code related} links where Confluent has them. Every link leads to a resource Tributary serves.
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
                          @JsonInclude(JsonInclude.Include.NON_NULL) Related controller, Related acls, Related brokers,
                          @JsonProperty("broker_configs") Related brokerConfigs,
                          @JsonProperty("consumer_groups") Related consumerGroups, Related topics,
                          @JsonProperty("partition_reassignments") Related partitionReassignments,
                          @JsonProperty("authorized_operations") List<String> authorizedOperations) {
        static Cluster of(String c, OptionalInt controller, List<String> authorizedOperations) {
            return new Cluster("KafkaCluster", new Metadata(V3Links.cluster(c), V3Links.crn(c)), c,
                    controller.isPresent() ? Related.to(c, "brokers", controller.getAsInt()) : null,
                    Related.to(c, "acls"), Related.to(c, "brokers"),
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
        static Topic of(String c, String t, int partitionsCount, int replicationFactor) {
            return of(c, t, partitionsCount, replicationFactor, List.of());
        }

        static Topic of(String c, String t, int partitionsCount, int replicationFactor, List<String> authorizedOperations) {
            return new Topic("KafkaTopic", new Metadata(V3Links.cluster(c, "topics", t), V3Links.crn(c, "topic", t)), c, t,
                    false, replicationFactor, partitionsCount, Related.to(c, "topics", t, "partitions"), Related.to(c, "topics", t, "configs"),
                    Related.to(c, "topics", t, "partitions", "-", "reassignment"), authorizedOperations);
        }
    }

    /** {@code leader} is left out while the partition has none, as Confluent does. */
    public record Partition(String kind, Metadata metadata, @JsonProperty("cluster_id") String clusterId,
                            @JsonProperty("topic_name") String topicName, @JsonProperty("partition_id") int partitionId,
                            @JsonInclude(JsonInclude.Include.NON_NULL) Related leader, Related replicas,
                            Related reassignment) {
        static Partition of(String c, String t, int p, List<PartitionReplica> replicas) {
            return new Partition("KafkaPartition",
                    new Metadata(V3Links.cluster(c, "topics", t, "partitions", p), V3Links.crn(c, "topic", t, "partition", p)),
                    c, t, p, replicas.stream().filter(PartitionReplica::leader).findFirst()
                            .map(leader -> Related.to(c, "topics", t, "partitions", p, "replicas", leader.brokerId())).orElse(null),
                    Related.to(c, "topics", t, "partitions", p, "replicas"),
                    Related.to(c, "topics", t, "partitions", p, "reassignment"));
        }
    }

    /** A partition's earliest and latest offsets (Confluent's PartitionWithOffsetsData). */
    public record PartitionWithOffsets(String kind, Metadata metadata, @JsonProperty("cluster_id") String clusterId,
                                       @JsonProperty("topic_name") String topicName,
                                       @JsonProperty("partition_id") int partitionId,
                                       @JsonProperty("earliest_offset") long earliestOffset,
                                       @JsonProperty("latest_offset") long latestOffset) {
    }

    public record Replica(String kind, Metadata metadata, @JsonProperty("cluster_id") String clusterId,
                          @JsonProperty("topic_name") String topicName, @JsonProperty("partition_id") int partitionId,
                          @JsonProperty("broker_id") int brokerId, @JsonProperty("is_leader") boolean isLeader,
                          @JsonProperty("is_in_sync") boolean isInSync, Related broker) {
        static Replica of(String c, PartitionReplica r) {
            String t = r.topic();
            int p = r.partition();
            return new Replica("KafkaReplica", new Metadata(V3Links.cluster(c, "topics", t, "partitions", p, "replicas", r.brokerId()),
                    V3Links.crn(c, "topic", t, "partition", p, "replica", r.brokerId())),
                    c, t, p, r.brokerId(), r.leader(), r.inSync(), Related.to(c, "brokers", r.brokerId()));
        }
    }

    public record Reassignment(String kind, Metadata metadata, @JsonProperty("cluster_id") String clusterId,
                               @JsonProperty("topic_name") String topicName, @JsonProperty("partition_id") int partitionId,
                               @JsonProperty("adding_replicas") List<Integer> addingReplicas,
                               @JsonProperty("removing_replicas") List<Integer> removingReplicas, Related replicas) {
        static Reassignment of(String c, io.tributary.topic.Reassignment r) {
            String t = r.topic();
            int p = r.partition();
            return new Reassignment("KafkaReassignment", new Metadata(V3Links.cluster(c, "topics", t, "partitions", p, "reassignment"),
                    V3Links.crn(c, "topic", t, "partition", p) + "/reassignment"),
                    c, t, p, r.addingReplicas(), r.removingReplicas(), Related.to(c, "topics", t, "partitions", p, "replicas"));
        }
    }

    /** {@code host} and {@code port} of this node are where the client reached it. */
    public record Broker(String kind, Metadata metadata, @JsonProperty("cluster_id") String clusterId,
                         @JsonProperty("broker_id") int brokerId, String host, int port, String rack, Related configs,
                         @JsonProperty("partition_replicas") Related partitionReplicas) {
        static Broker of(String c, io.tributary.topic.Broker b) {
            Address address = b.address().orElseGet(V3Links::requestAddress);
            return new Broker("KafkaBroker", new Metadata(V3Links.cluster(c, "brokers", b.id()), V3Links.crn(c, "broker", b.id())),
                    c, b.id(), address.host(), address.port(), b.rack().orElse(null), Related.to(c, "brokers", b.id(), "configs"),
                    Related.to(c, "brokers", b.id(), "partition-replicas"));
        }
    }

    public record BrokerConfig(String kind, Metadata metadata, @JsonProperty("cluster_id") String clusterId,
                               @JsonProperty("broker_id") int brokerId, String name, String value,
                               @JsonProperty("is_default") boolean isDefault,
                               @JsonProperty("is_read_only") boolean isReadOnly,
                               @JsonProperty("is_sensitive") boolean isSensitive, String source, List<Synonym> synonyms) {
        static BrokerConfig of(String c, int broker, io.tributary.topic.BrokerConfig config) {
            String name = config.name();
            return new BrokerConfig("KafkaBrokerConfig", new Metadata(V3Links.cluster(c, "brokers", broker, "configs", name),
                    V3Links.crn(c, "broker", broker, "config", name)), c, broker, name, config.value(), config.isDefault(),
                    config.readOnly(), config.sensitive(), config.source().name(), Synonym.of(config.synonyms()));
        }
    }

    /** A dynamic cluster-wide broker config; {@code config_type} is always BROKER, as in Confluent's spec. */
    public record ClusterConfig(String kind, Metadata metadata, @JsonProperty("cluster_id") String clusterId,
                                @JsonProperty("config_type") String configType, String name, String value,
                                @JsonProperty("is_default") boolean isDefault,
                                @JsonProperty("is_read_only") boolean isReadOnly,
                                @JsonProperty("is_sensitive") boolean isSensitive, String source, List<Synonym> synonyms) {
        static ClusterConfig of(String c, io.tributary.topic.BrokerConfig config) {
            String name = config.name();
            return new ClusterConfig("KafkaClusterConfig", new Metadata(V3Links.cluster(c, "broker-configs", name),
                    V3Links.crn(c, "broker-config", name)), c, "BROKER", name, config.value(), config.isDefault(),
                    config.readOnly(), config.sensitive(), config.source().name(), Synonym.of(config.synonyms()));
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
        static List<Synonym> of(List<io.tributary.topic.BrokerConfig.Synonym> synonyms) {
            return synonyms.stream().map(s -> new Synonym(s.name(), s.value(), s.source().name())).toList();
        }
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
