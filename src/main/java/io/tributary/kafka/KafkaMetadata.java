package io.tributary.kafka;

import io.tributary.common.errors.UnknownTopicException;
import io.tributary.topic.TopicChecks;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * What produce and reads need to know of a topic (its partition count, whether it is compacted, its largest record),
 * as the cluster says, remembered briefly: every request asks, and two admin round trips per request would double its
 * latency. A topic not known is looked up at once (so a topic created through another node is usable immediately); a
 * known one is looked up again after {@link #FRESH_FOR}, so a deletion, a partition increase or a config change made
 * through another node shows after that at the latest.
 */
public final class KafkaMetadata {

    static final Duration FRESH_FOR = Duration.ofSeconds(5);
    static final Duration UNKNOWN_CONFIRMATION = Duration.ofMillis(200);

    /** A topic as produce and reads see it. */
    public record TopicInfo(String name, int partitions, boolean compact, int maxMessageBytes) {

        /** @throws UnknownPartitionException naming the partitions the topic has */
        public void requirePartition(int partition) {
            TopicChecks.requirePartition(name, partition, partitions);
        }
    }

    private record Known(TopicInfo info, long fetchedAt) {
    }

    private final Admin admin;
    private final Duration timeout;
    private final Map<String, Known> topics = new ConcurrentHashMap<>();

    public KafkaMetadata(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /** @throws UnknownTopicException when the cluster has no such topic */
    public TopicInfo topic(String topic) {
        return find(topic).orElseThrow(() -> TopicChecks.unknownTopic(topic));
    }

    /**
     * The topic, empty when the cluster has no such topic. "No such topic" is asked again a few times over
     * {@link #UNKNOWN_CONFIRMATION}: the broker asked may not have applied a creation the controller already confirmed
     * (to this node or another), and a produce right after a create must not be refused.
     */
    public Optional<TopicInfo> find(String topic) {
        Known known = topics.get(topic);
        if (known != null && System.nanoTime() - known.fetchedAt() < FRESH_FOR.toNanos()) {
            return Optional.of(known.info());
        }
        return confirmingAbsence(() -> describe(topic));
    }

    /**
     * What {@code look} finds, looking a few times over {@link #UNKNOWN_CONFIRMATION} before taking "nothing" for an
     * answer: the broker asked may not yet have applied a topic the controller already confirmed.
     */
    static <T> Optional<T> confirmingAbsence(Supplier<Optional<T>> look) {
        long deadline = System.nanoTime() + UNKNOWN_CONFIRMATION.toNanos();
        while (true) {
            Optional<T> found = look.get();
            if (found.isPresent() || System.nanoTime() - deadline > 0) {
                return found;
            }
            try {
                Thread.sleep(UNKNOWN_CONFIRMATION.toMillis() / 4);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return found;
            }
        }
    }

    private Optional<TopicInfo> describe(String topic) {
        String what = "describe topic '" + topic + "'";
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        KafkaFuture<org.apache.kafka.clients.admin.TopicDescription> description =
                admin.describeTopics(List.of(topic)).topicNameValues().get(topic);
        KafkaFuture<Config> config = admin.describeConfigs(List.of(resource)).values().get(resource);
        try {
            int partitions = KafkaErrors.await(description, timeout, what).partitions().size();
            Config configs = KafkaErrors.await(config, timeout, what);
            TopicInfo info = new TopicInfo(topic, partitions,
                    value(configs, TopicConfig.CLEANUP_POLICY_CONFIG, "delete").contains(TopicConfig.CLEANUP_POLICY_COMPACT),
                    Integer.parseInt(value(configs, TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "1048588")));
            topics.put(topic, new Known(info, System.nanoTime()));
            return Optional.of(info);
        } catch (UnknownTopicException e) {
            topics.remove(topic);
            return Optional.empty();
        }
    }

    /** This node changed the topic (created, grew, reconfigured or deleted it): the next request looks again. */
    public void forget(String topic) {
        topics.remove(topic);
    }

    private static String value(Config configs, String name, String fallback) {
        ConfigEntry entry = configs.get(name);
        return entry == null || entry.value() == null ? fallback : entry.value();
    }
}
