package io.tributary.embedded;

import io.tributary.common.errors.InvalidConfigException;
import io.tributary.common.errors.InvalidPartitionsException;
import io.tributary.common.errors.LimitExceededException;
import io.tributary.common.errors.TopicExistsException;
import io.tributary.common.errors.UnknownPartitionException;
import io.tributary.common.errors.UnknownTopicException;
import io.tributary.log.LogManager;
import io.tributary.log.PartitionLog;
import io.tributary.log.TopicConfig;
import io.tributary.log.TopicLog;
import io.tributary.settings.TributaryProperties;
import io.tributary.topic.NewTopic;
import io.tributary.topic.PartitionOffsets;
import io.tributary.topic.TopicAdmin;
import io.tributary.topic.TopicChecks;
import io.tributary.topic.TopicDescription;
import io.tributary.topic.TopicEvent;
import io.tributary.topic.TopicNames;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Topic lifecycle and configs on the log engine: validates names, counts and configs before the engine sees them,
 * enforces the configured limits and publishes {@link TopicEvent}s after each change. Admin changes are serialized,
 * except the file work of topic creates, which run in parallel (thousands of topics are created at once, each a dozen
 * fsyncs): a create reserves its name and partitions under the monitor ({@link #pending}), so limits hold and a change of
 * a topic whose create is under way waits for it. Lookups take no lock. The embedded backend's other parts find their
 * {@link TopicLog}s here.
 */
@Service
@ConditionalOnEmbeddedBackend
public class EmbeddedTopicAdmin implements TopicAdmin {

    /** One node holds the only copy of each partition. */
    private static final int REPLICATION_FACTOR = 1;

    private final LogManager logManager;
    private final TributaryProperties.Topics limits;
    private final TopicConfig defaults;
    private final ApplicationEventPublisher events;
    /** Creates under way: topic name to partition count; guarded by this. */
    private final Map<String, Integer> pending = new HashMap<>();

    EmbeddedTopicAdmin(LogManager logManager, TributaryProperties properties, ApplicationEventPublisher events) {
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

    @Override
    public List<TopicDescription> list() {
        return logManager.topics().stream().map(EmbeddedTopicAdmin::describe).toList();
    }

    @Override
    public TopicDescription describe(String topic) {
        return describe(require(topic));
    }

    @Override
    public Optional<TopicDescription> find(String topic) {
        return topicLog(topic).map(EmbeddedTopicAdmin::describe);
    }

    @Override
    public PartitionOffsets offsets(String topic, int partition) {
        PartitionLog log = partition(topic, partition);
        return new PartitionOffsets(log.logStartOffset(), log.endOffset());
    }

    @Override
    public Map<String, String> defaultConfigs() {
        return defaults.toMap();
    }

    private static TopicDescription describe(TopicLog topic) {
        return new TopicDescription(topic.name(), topic.partitionCount(), REPLICATION_FACTOR, topic.config().toMap());
    }

    // ---- the engine's handles, for the embedded backend

    /** @throws io.tributary.common.errors.InvalidTopicException, UnknownTopicException */
    TopicLog require(String name) {
        return topicLog(name).orElseThrow(() -> TopicChecks.unknownTopic(name));
    }

    /** @throws io.tributary.common.errors.InvalidTopicException for an invalid name */
    Optional<TopicLog> topicLog(String name) {
        return logManager.topic(TopicNames.requireValid(name));
    }

    /** @throws io.tributary.common.errors.InvalidTopicException, UnknownTopicException, UnknownPartitionException */
    PartitionLog partition(String topic, int partition) {
        return partitionOf(require(topic), partition);
    }

    /** @throws UnknownPartitionException naming the partitions the topic has */
    static PartitionLog partitionOf(TopicLog topic, int partition) {
        TopicChecks.requirePartition(topic.name(), partition, topic.partitionCount());
        return topic.partition(partition);
    }

    /**
     * The topic to produce to, created with the defaults when {@code tributary.topics.auto-create} is on.
     *
     * @throws io.tributary.common.errors.InvalidTopicException, UnknownTopicException
     */
    TopicLog forProduce(String name) {
        Optional<TopicLog> topic = topicLog(name);
        if (topic.isPresent()) {
            return topic.get();
        }
        if (!limits.autoCreate()) {
            return require(name);
        }
        try {
            return createTopic(validateNew(name, null, null, Map.of()));
        } catch (TopicExistsException raced) {
            return require(name);
        }
    }

    /** Whether a produce to a missing topic creates it. */
    boolean autoCreate() {
        return limits.autoCreate();
    }

    // ---- administration

    @Override
    public NewTopic validateNew(String name, Integer partitions, Integer replicationFactor, Map<String, String> configs) {
        TopicNames.requireValid(name);
        int count = partitions == null ? limits.defaultPartitions() : partitions;
        requirePartitionCount(count);
        if (replicationFactor != null && replicationFactor != REPLICATION_FACTOR
                && replicationFactor != NewTopic.DEFAULT_REPLICATION_FACTOR) {
            throw new InvalidPartitionsException("Invalid replication factor " + replicationFactor
                    + ": this single-node cluster only supports 1.");
        }
        applyConfigs(defaults, configs);
        synchronized (this) {
            awaitNotPending(name); // a create of the same name under way: its outcome decides (an auto-create then finds it)
            requireCreatable(name, count);
        }
        return new NewTopic(name, count, REPLICATION_FACTOR, configs == null ? Map.of() : configs);
    }

    @Override
    public TopicDescription create(NewTopic topic) {
        return describe(createTopic(topic));
    }

    private TopicLog createTopic(NewTopic topic) {
        TopicConfig config = applyConfigs(defaults, topic.configs());
        synchronized (this) {
            awaitNotPending(topic.name());
            requireCreatable(topic.name(), topic.partitions());
            pending.put(topic.name(), topic.partitions());
        }
        try {
            TopicLog created = EngineErrors.call(() -> logManager.createTopic(topic.name(), topic.partitions(), config));
            synchronized (this) { // before the reservation goes: no change of this topic can publish its event first
                events.publishEvent(new TopicEvent.Created(topic.name(), topic.partitions()));
            }
            return created;
        } finally {
            synchronized (this) {
                pending.remove(topic.name());
                notifyAll();
            }
        }
    }

    /** Holding the monitor: waits while a create of {@code name} is under way. */
    private void awaitNotPending(String name) {
        boolean interrupted = false;
        while (pending.containsKey(name)) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void requireCreatable(String name, int partitions) {
        if (logManager.topic(name).isPresent() || pending.containsKey(name)) {
            throw TopicChecks.topicExists(name);
        }
        TopicChecks.requireTopicsLeft(name, logManager.topics().size() + pendingOnly().size(), limits.maxTopics());
        requirePartitionsLeft(partitions, "create topic '" + name + "'");
    }

    /** Holding the monitor: the creates under way whose topic the engine does not list yet (else counted twice). */
    private List<Integer> pendingOnly() {
        return pending.entrySet().stream().filter(e -> logManager.topic(e.getKey()).isEmpty()).map(Map.Entry::getValue).toList();
    }

    /** @throws LimitExceededException when {@code more} partitions would pass {@code tributary.topics.max-partitions} */
    private void requirePartitionsLeft(int more, String action) {
        int total = logManager.topics().stream().mapToInt(TopicLog::partitionCount).sum()
                + pendingOnly().stream().mapToInt(Integer::intValue).sum();
        if ((long) total + more > limits.maxPartitions()) {
            throw new LimitExceededException("Cannot " + action + " with " + more + " more partition(s): "
                    + "this node has " + total + " of at most " + limits.maxPartitions()
                    + " partitions (tributary.topics.max-partitions).");
        }
    }

    @Override
    public synchronized void delete(String name) {
        awaitNotPending(name);
        require(name);
        EngineErrors.call(() -> {
            logManager.deleteTopic(name);
            return null;
        });
        events.publishEvent(new TopicEvent.Deleted(name));
    }

    @Override
    public synchronized TopicDescription increasePartitions(String name, int partitions) {
        awaitNotPending(name);
        TopicLog topic = require(name);
        int current = topic.partitionCount();
        TopicChecks.requireIncrease(name, current, partitions);
        requirePartitionCount(partitions);
        requirePartitionsLeft(partitions - current, "grow topic '" + name + "'");
        try {
            EngineErrors.call(() -> {
                topic.increasePartitions(partitions);
                return null;
            });
        } catch (IllegalArgumentException e) {
            throw new InvalidPartitionsException(e.getMessage());
        }
        events.publishEvent(new TopicEvent.PartitionsIncreased(name, partitions));
        return describe(topic);
    }

    @Override
    public synchronized Map<String, String> alterConfigs(String name, Map<String, String> changes, Collection<String> resets,
                                                         boolean validateOnly) {
        awaitNotPending(name);
        TopicLog topic = require(name);
        Map<String, String> all = new LinkedHashMap<>(changes);
        Map<String, String> defaultValues = defaults.toMap();
        TopicChecks.requireKnownConfigs(resets, defaultValues.keySet());
        resets.forEach(reset -> all.put(reset, defaultValues.get(reset)));
        TopicConfig updated = applyConfigs(topic.config(), all);
        if (!validateOnly) {
            EngineErrors.call(() -> {
                topic.updateConfig(updated);
                return null;
            });
        }
        return updated.toMap();
    }

    private static TopicConfig applyConfigs(TopicConfig base, Map<String, String> configs) {
        if (configs == null || configs.isEmpty()) {
            return base;
        }
        try {
            return base.with(configs);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(e.getMessage() + ". Topic configs are " + base.toMap().keySet() + ".");
        }
    }

    private void requirePartitionCount(int count) {
        TopicChecks.requirePartitionCount(count, limits.maxPartitionsPerTopic());
    }
}
