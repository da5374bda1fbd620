package io.tributary.web.topic;

import io.tributary.topic.ClusterIdentity;
import io.tributary.topic.PartitionOffsets;
import io.tributary.topic.TopicDescription;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The v2 (Confluent REST Proxy) bodies for topics, partitions and brokers. */
final class V2Topics {

    private V2Topics() {
    }

    record Topic(String name, Map<String, String> configs, List<Partition> partitions) {
        static Topic of(TopicDescription topic) {
            return new Topic(topic.name(), topic.configs(),
                    IntStream.range(0, topic.partitions()).mapToObj(Partition::of).toList());
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
        static Offsets of(PartitionOffsets offsets) {
            return new Offsets(offsets.logStartOffset(), offsets.endOffset());
        }
    }

    record Brokers(List<Integer> brokers) {
    }
}
