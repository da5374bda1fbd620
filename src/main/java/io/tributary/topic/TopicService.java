package io.tributary.topic;

import io.tributary.config.TributaryProperties;
import io.tributary.log.LogManager;
import io.tributary.log.PartitionLog;
import io.tributary.log.TopicConfig;
import io.tributary.log.TopicExistsException;
import io.tributary.log.TopicLog;
import io.tributary.log.UnknownPartitionException;
import io.tributary.web.ApiException;
import io.tributary.web.ErrorCode;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Topic lifecycle and configs: validates names, counts and configs before the log engine sees them, enforces the
 * configured limits and publishes {@link TopicEvent}s after each change. Admin changes are serialized (they are rare);
 * lookups take no lock.
 */
@Service
public class TopicService {

    private final LogManager logManager;
    private final TributaryProperties.Topics limits;
    private final TopicConfig defaults;
    private final ApplicationEventPublisher events;

    public TopicService(LogManager logManager, TributaryProperties properties, ApplicationEventPublisher events) {
        this.logManager = logManager;
        this.limits = properties.topics();
        this.defaults = defaultConfig(limits);
        this.events = events;
    }

    /** The config a topic gets when nothing is set for it: {@code tributary.topics.*}. */
    static TopicConfig defaultConfig(TributaryProperties.Topics t) {
        return new TopicConfig(t.retention().toMillis(), t.retentionBytes(), Math.toIntExact(t.segmentBytes().toBytes()),
                t.segmentAge().toMillis(), Math.toIntExact(t.maxMessageBytes().toBytes()), "CreateTime", "delete");
    }

    public TopicConfig defaults() {
        return defaults;
    }

    public List<TopicLog> list() {
        return logManager.topics();
    }

    /** @throws ApiException 42206 for an invalid name, 40401 for an unknown topic */
    public TopicLog require(String name) {
        return logManager.requireTopic(TopicNames.requireValid(name));
    }

    public Optional<TopicLog> find(String name) {
        return logManager.topic(TopicNames.requireValid(name));
    }

    /** @throws ApiException 42206 / 40401 / 40402 */
    public PartitionLog partition(String topic, int partition) {
        return partitionOf(require(topic), partition);
    }

    /** @throws UnknownPartitionException (40402) naming the partitions the topic has */
    public static PartitionLog partitionOf(TopicLog topic, int partition) {
        if (partition < 0 || partition >= topic.partitionCount()) {
            throw new UnknownPartitionException("Partition " + partition + " of topic '" + topic.name() + "' not found; it has "
                    + topic.partitionCount() + " partition(s), numbered from 0.");
        }
        return topic.partition(partition);
    }

    /** A validated topic creation request. */
    public record NewTopic(String name, int partitions, TopicConfig config) {
    }

    /**
     * Checks a creation request without creating anything; {@code partitions} null means
     * {@code tributary.topics.default-partitions}, configs not given take the defaults.
     *
     * @throws ApiException 42206 (name, configs), 40002 (partitions, replication factor, exists), 42901 (topic or
     *                      partition limit)
     */
    public NewTopic validateNew(String name, Integer partitions, Integer replicationFactor, Map<String, String> configs) {
        TopicNames.requireValid(name);
        int count = partitions == null ? limits.defaultPartitions() : partitions;
        requirePartitionCount(count);
        if (replicationFactor != null && replicationFactor != 1 && replicationFactor != -1) {
            throw new ApiException(ErrorCode.BAD_ADMIN_REQUEST, "Invalid replication factor " + replicationFactor
                    + ": this single-node cluster only supports 1.");
        }
        NewTopic topic = new NewTopic(name, count, applyConfigs(defaults, configs));
        requireCreatable(name, count);
        return topic;
    }

    public synchronized TopicLog create(NewTopic topic) {
        requireCreatable(topic.name(), topic.partitions());
        TopicLog created = logManager.createTopic(topic.name(), topic.partitions(), topic.config());
        events.publishEvent(new TopicEvent.Created(topic.name(), topic.partitions()));
        return created;
    }

    private void requireCreatable(String name, int partitions) {
        if (logManager.topic(name).isPresent()) {
            throw new TopicExistsException("Topic '" + name + "' already exists.");
        }
        if (logManager.topics().size() >= limits.maxTopics()) {
            throw new ApiException(ErrorCode.TOO_MANY_REQUESTS, "Cannot create topic '" + name + "': the limit of "
                    + limits.maxTopics() + " topics (tributary.topics.max-topics) is reached.");
        }
        requirePartitionsLeft(partitions, "create topic '" + name + "'");
    }

    /** @throws ApiException 42901 when {@code more} partitions would pass {@code tributary.topics.max-partitions} */
    private void requirePartitionsLeft(int more, String action) {
        int total = logManager.topics().stream().mapToInt(TopicLog::partitionCount).sum();
        if ((long) total + more > limits.maxPartitions()) {
            throw new ApiException(ErrorCode.TOO_MANY_REQUESTS, "Cannot " + action + " with " + more + " more partition(s): "
                    + "this node has " + total + " of at most " + limits.maxPartitions()
                    + " partitions (tributary.topics.max-partitions).");
        }
    }

    /**
     * The topic to produce to, created with the defaults when {@code tributary.topics.auto-create} is on.
     *
     * @throws ApiException 42206 / 40401
     */
    public TopicLog forProduce(String name) {
        Optional<TopicLog> topic = find(name);
        if (topic.isPresent()) {
            return topic.get();
        }
        if (!limits.autoCreate()) {
            return require(name);
        }
        try {
            return create(validateNew(name, null, null, Map.of()));
        } catch (TopicExistsException raced) {
            return require(name);
        }
    }

    /** Whether a produce to a missing topic would create it. */
    public boolean autoCreate() {
        return limits.autoCreate();
    }

    public synchronized void delete(String name) {
        require(name);
        logManager.deleteTopic(name);
        events.publishEvent(new TopicEvent.Deleted(name));
    }

    /** Grows a topic to {@code partitions} partitions; existing keys may map to other partitions afterwards, as in Kafka. */
    public synchronized TopicLog increasePartitions(String name, int partitions) {
        TopicLog topic = require(name);
        int current = topic.partitionCount();
        if (partitions <= current) {
            throw new ApiException(ErrorCode.BAD_ADMIN_REQUEST, "Topic '" + name + "' has " + current
                    + " partition(s); the partition count can only be increased, " + partitions + " is not more.");
        }
        requirePartitionCount(partitions);
        requirePartitionsLeft(partitions - current, "grow topic '" + name + "'");
        try {
            topic.increasePartitions(partitions);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.BAD_ADMIN_REQUEST, e.getMessage());
        }
        events.publishEvent(new TopicEvent.PartitionsIncreased(name, partitions));
        return topic;
    }

    /**
     * Sets {@code changes} and resets {@code resets} to their defaults, all or nothing; with {@code validateOnly}
     * nothing is changed.
     *
     * @throws ApiException 42206 for an unknown config or an invalid value
     */
    public synchronized TopicConfig alterConfigs(String name, Map<String, String> changes, Collection<String> resets,
                                                 boolean validateOnly) {
        TopicLog topic = require(name);
        Map<String, String> all = new LinkedHashMap<>(changes);
        Map<String, String> defaultValues = defaults.toMap();
        for (String reset : resets) {
            if (!defaultValues.containsKey(reset)) {
                throw unknownConfig(reset);
            }
            all.put(reset, defaultValues.get(reset));
        }
        TopicConfig updated = applyConfigs(topic.config(), all);
        if (!validateOnly) {
            topic.updateConfig(updated);
        }
        return updated;
    }

    /** @throws ApiException 404 for a config name Tributary does not have */
    public void requireConfigName(String config) {
        if (!defaults.toMap().containsKey(config)) {
            throw new ApiException(ErrorCode.NOT_FOUND, "Config '" + config + "' not found; topic configs are "
                    + defaults.toMap().keySet() + ".");
        }
    }

    private static ApiException unknownConfig(String name) {
        return new ApiException(ErrorCode.INVALID_PAYLOAD, "Unknown topic config '" + name + "'.");
    }

    private static TopicConfig applyConfigs(TopicConfig base, Map<String, String> configs) {
        if (configs == null || configs.isEmpty()) {
            return base;
        }
        try {
            return base.with(configs);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.INVALID_PAYLOAD, e.getMessage() + ". Topic configs are "
                    + base.toMap().keySet() + ".");
        }
    }

    private void requirePartitionCount(int count) {
        if (count < 1 || count > limits.maxPartitionsPerTopic()) {
            throw new ApiException(ErrorCode.BAD_ADMIN_REQUEST, "Invalid partition count " + count + ": must be between 1 and "
                    + limits.maxPartitionsPerTopic() + " (tributary.topics.max-partitions-per-topic).");
        }
    }
}
