package io.tributary.kafka.registry;

import io.tributary.common.errors.TopicExistsException;
import io.tributary.kafka.KafkaErrors;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/** The registry's two compacted topics, created at start when missing. */
final class RegistryTopics {

    static final String INSTANCES = "_tributary-instances";
    static final String NODES = "_tributary-nodes";

    /** How long Kafka keeps a tombstone, and so how long the table remembers a deleted name (Kafka's default). */
    static final Duration DELETE_RETENTION = Duration.ofDays(1);

    private RegistryTopics() {
    }

    /**
     * One partition each: all of a node's view comes from one ordered log per topic, and the registry is small (a
     * record per instance, a record per node). Replicated as the cluster's default unless
     * {@code tributary.kafka.replication-factor} says otherwise.
     */
    static void create(Admin admin, short replicationFactor, Duration timeout) {
        Optional<Short> replication = replicationFactor > 0 ? Optional.of(replicationFactor) : Optional.empty();
        Map<String, String> compacted = Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.DELETE_RETENTION_MS_CONFIG, String.valueOf(DELETE_RETENTION.toMillis()),
                // a record stays uncompacted long enough for a holder to re-assert a claim a losing record follows
                TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, "60000",
                TopicConfig.SEGMENT_MS_CONFIG, String.valueOf(Duration.ofHours(1).toMillis()));
        Map<String, String> heartbeats = new HashMap<>(compacted);
        // liveness is judged by the brokers' clock, the same for every heartbeat, not by each node's own
        heartbeats.put(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");
        heartbeats.remove(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG);
        for (NewTopic topic : List.of(new NewTopic(INSTANCES, Optional.of(1), replication).configs(compacted),
                new NewTopic(NODES, Optional.of(1), replication).configs(heartbeats))) {
            try {
                KafkaErrors.await(admin.createTopics(List.of(topic)).all(), timeout, "create topic '" + topic.name() + "'");
            } catch (TopicExistsException e) {
                // there already, or another node created it just now
            }
        }
    }
}
