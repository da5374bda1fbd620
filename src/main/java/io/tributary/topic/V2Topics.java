package io.tributary.topic;

import io.tributary.log.PartitionLog;
import io.tributary.log.TopicLog;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The v2 (Confluent REST Proxy) bodies for topics, partitions and brokers. */
final class V2Topics {

    private V2Topics() {
    }

    record Topic(String name, Map<String, String> configs, List<Partition> partitions) {
        static Topic of(TopicLog topic) {
            return new Topic(topic.name(), topic.config().toMap(),
                    topic.partitions().stream().map(p -> Partition.of(p.topicPartition().partition())).toList());
        }
    }

    record Partition(int partition, int leader, List<Replica> replicas) {
        static Partition of(int partition) {
            return new Partition(partition, ClusterIdentity.BROKER_ID,
                    List.of(new Replica(ClusterIdentity.BROKER_ID, true, true)));
        }
    }

    record Replica(int broker, boolean leader, @JsonProperty("in_sync") boolean inSync) {
    }

    record Offsets(@JsonProperty("beginning_offset") long beginningOffset, @JsonProperty("end_offset") long endOffset) {
        static Offsets of(PartitionLog partition) {
            return new Offsets(partition.logStartOffset(), partition.endOffset());
        }
    }

    record Brokers(List<Integer> brokers) {
    }
}
