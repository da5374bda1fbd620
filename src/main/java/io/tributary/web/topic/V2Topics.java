package io.tributary.web.topic;

import io.swagger.v3.oas.annotations.media.Schema;
import io.tributary.topic.ClusterTopology;
import io.tributary.topic.PartitionOffsets;
import io.tributary.topic.PartitionReplica;
import io.tributary.topic.TopicDescription;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The v2 (Confluent REST Proxy) bodies for topics, partitions and brokers; "V2" in their OpenAPI names tells them from v3's. */
final class V2Topics {

    private V2Topics() {
    }

    @Schema(name = "TopicV2")
    record Topic(String name, Map<String, String> configs, List<Partition> partitions) {
        static Topic of(TopicDescription topic, ClusterTopology topology) {
            return new Topic(topic.name(), topic.configs(), IntStream.range(0, topic.partitions())
                    .mapToObj(p -> Partition.of(p, topology.replicas(topic.name(), p))).toList());
        }
    }

    /** {@code leader} is -1 while the partition has none, as Kafka's metadata says it. */
    @Schema(name = "PartitionV2")
    record Partition(int partition, int leader, List<Replica> replicas) {
        static Partition of(int partition, List<PartitionReplica> replicas) {
            return new Partition(partition,
                    replicas.stream().filter(PartitionReplica::leader).mapToInt(PartitionReplica::brokerId).findFirst().orElse(-1),
                    replicas.stream().map(r -> new Replica(r.brokerId(), r.leader(), r.inSync())).toList());
        }
    }

    @Schema(name = "ReplicaV2")
    record Replica(int broker, boolean leader, @JsonProperty("in_sync") boolean inSync) {
    }

    @Schema(name = "OffsetsV2")
    record Offsets(@JsonProperty("beginning_offset") long beginningOffset, @JsonProperty("end_offset") long endOffset) {
        static Offsets of(PartitionOffsets offsets) {
            return new Offsets(offsets.logStartOffset(), offsets.endOffset());
        }
    }

    @Schema(name = "BrokersV2")
    record Brokers(List<Integer> brokers) {
    }
}
