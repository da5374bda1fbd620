package io.tributary.topic;

import io.tributary.common.errors.InvalidConfigException;
import io.tributary.common.errors.InvalidPartitionsException;
import io.tributary.common.errors.LimitExceededException;
import io.tributary.common.errors.TopicExistsException;
import io.tributary.common.errors.UnknownPartitionException;
import io.tributary.common.errors.UnknownTopicException;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/** The checks of topic administration that both backends make, with one wording, so clients get the same answers. */
public final class TopicChecks {

    private TopicChecks() {
    }

    public static UnknownTopicException unknownTopic(String topic) {
        return new UnknownTopicException("Topic '" + topic + "' not found.");
    }

    public static TopicExistsException topicExists(String topic) {
        return new TopicExistsException("Topic '" + topic + "' already exists.");
    }

    /** @throws LimitExceededException when the cluster has {@code maxTopics} topics already */
    public static void requireTopicsLeft(String topic, int topics, int maxTopics) {
        if (topics >= maxTopics) {
            throw new LimitExceededException("Cannot create topic '" + topic + "': the limit of " + maxTopics
                    + " topics (tributary.topics.max-topics) is reached.");
        }
    }

    /** @throws UnknownPartitionException naming the partitions the topic has */
    public static void requirePartition(String topic, int partition, int partitionCount) {
        if (partition < 0 || partition >= partitionCount) {
            throw new UnknownPartitionException("Partition " + partition + " of topic '" + topic + "' not found; it has "
                    + partitionCount + " partition(s), numbered from 0.");
        }
    }

    /** @throws InvalidPartitionsException unless {@code count} is between 1 and {@code maxPerTopic} */
    public static void requirePartitionCount(int count, int maxPerTopic) {
        if (count < 1 || count > maxPerTopic) {
            throw new InvalidPartitionsException("Invalid partition count " + count + ": must be between 1 and "
                    + maxPerTopic + " (tributary.topics.max-partitions-per-topic).");
        }
    }

    /** @throws InvalidPartitionsException unless {@code requested} is more than {@code current} */
    public static void requireIncrease(String topic, int current, int requested) {
        if (requested <= current) {
            throw new InvalidPartitionsException("Topic '" + topic + "' has " + current
                    + " partition(s); the partition count can only be increased, " + requested + " is not more.");
        }
    }

    /** @throws InvalidConfigException for the first name that is not one of {@code known}, listing them */
    public static void requireKnownConfigs(Collection<String> names, Set<String> known) {
        for (String name : names) {
            if (!known.contains(name)) {
                throw new InvalidConfigException("Unknown topic config '" + name + "'. Topic configs are "
                        + new TreeSet<>(known) + ".");
            }
        }
    }
}
