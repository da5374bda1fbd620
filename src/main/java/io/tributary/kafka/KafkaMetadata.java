package io.tributary.kafka;

import io.tributary.common.errors.UnknownTopicException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * How many partitions each topic has, as the cluster says, remembered briefly: every produce and read asks, and a
 * round trip per request would double its latency. A topic not known is looked up at once (so a topic created through
 * another node is usable immediately); a known one is looked up again after {@link #FRESH_FOR}, so a deletion or a
 * partition increase through another node shows after that at the latest.
 */
public final class KafkaMetadata {

    static final Duration FRESH_FOR = Duration.ofSeconds(5);

    private record Known(int partitions, long fetchedAt) {
    }

    private final Admin admin;
    private final Duration timeout;
    private final Map<String, Known> topics = new ConcurrentHashMap<>();

    public KafkaMetadata(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /** @throws UnknownTopicException when the cluster has no such topic */
    public int partitions(String topic) {
        OptionalInt partitions = find(topic);
        if (partitions.isEmpty()) {
            throw new UnknownTopicException("Topic '" + topic + "' not found.");
        }
        return partitions.getAsInt();
    }

    /** The topic's partition count, empty when the cluster has no such topic. */
    public OptionalInt find(String topic) {
        Known known = topics.get(topic);
        if (known != null && System.nanoTime() - known.fetchedAt() < FRESH_FOR.toNanos()) {
            return OptionalInt.of(known.partitions());
        }
        try {
            TopicDescription description = KafkaErrors.await(
                    admin.describeTopics(List.of(topic)).topicNameValues().get(topic), timeout,
                    "describe topic '" + topic + "'");
            remember(topic, description.partitions().size());
            return OptionalInt.of(description.partitions().size());
        } catch (UnknownTopicException e) {
            topics.remove(topic);
            return OptionalInt.empty();
        }
    }

    /** What this node itself just learned (it created or grew the topic). */
    public void remember(String topic, int partitions) {
        topics.put(topic, new Known(partitions, System.nanoTime()));
    }

    /** This node deleted the topic, or a request found it gone. */
    public void forget(String topic) {
        topics.remove(topic);
    }

    /** For callers that hold a Kafka error: whether it says the topic or partition does not exist. */
    public static boolean isUnknownTopic(Throwable e) {
        return e instanceof UnknownTopicOrPartitionException;
    }
}
