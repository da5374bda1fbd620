package io.tributary.topic;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Topic administration: create, describe, grow, configure and delete topics. Names are checked with
 * {@link TopicNames} before anything else looks at them. Each backend publishes a {@link TopicEvent} after each
 * change it makes.
 */
public interface TopicAdmin {

    /** Every topic, by name. */
    List<TopicDescription> list();

    /** @throws io.tributary.common.errors.InvalidTopicException, io.tributary.common.errors.UnknownTopicException */
    TopicDescription describe(String topic);

    /** @throws io.tributary.common.errors.InvalidTopicException for an invalid name */
    Optional<TopicDescription> find(String topic);

    /**
     * @throws io.tributary.common.errors.UnknownTopicException, io.tributary.common.errors.UnknownPartitionException
     *         (naming the partitions the topic has)
     */
    PartitionOffsets offsets(String topic, int partition);

    /**
     * Checks a creation request without creating anything; {@code partitions} null means the configured default,
     * configs not given take the defaults.
     *
     * @throws io.tributary.common.errors.InvalidTopicException, io.tributary.common.errors.InvalidConfigException,
     *         io.tributary.common.errors.InvalidPartitionsException, io.tributary.common.errors.TopicExistsException,
     *         io.tributary.common.errors.LimitExceededException (topic or partition limit)
     */
    NewTopic validateNew(String name, Integer partitions, Integer replicationFactor, Map<String, String> configs);

    /** Creates a topic checked by {@link #validateNew}; the checks run again, since others may have raced. */
    TopicDescription create(NewTopic topic);

    void delete(String topic);

    /**
     * Grows a topic to {@code partitions} partitions; keyed records may map to other partitions afterwards, as in
     * Kafka.
     *
     * @throws io.tributary.common.errors.InvalidPartitionsException for a count that is not more than now
     */
    TopicDescription increasePartitions(String topic, int partitions);

    /**
     * Sets {@code changes} and resets {@code resets} to their defaults, all or nothing; with {@code validateOnly}
     * nothing is changed.
     *
     * @return the topic's configs as they are (or would be) afterwards
     * @throws io.tributary.common.errors.InvalidConfigException for an unknown config or an invalid value
     */
    Map<String, String> alterConfigs(String topic, Map<String, String> changes, Collection<String> resets,
                                     boolean validateOnly);

    /** The configs a topic gets when nothing is set for it, by name: the complete set of topic configs. */
    Map<String, String> defaultConfigs();
}
