package io.tributary.kafka;

import io.tributary.common.errors.InvalidPartitionsException;
import io.tributary.common.errors.UnknownTopicException;
import io.tributary.settings.TributaryProperties;
import io.tributary.topic.NewTopic;
import io.tributary.topic.PartitionOffsets;
import io.tributary.topic.TopicAdmin;
import io.tributary.topic.TopicChecks;
import io.tributary.topic.TopicDescription;
import io.tributary.topic.TopicEvent;
import io.tributary.topic.TopicNames;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigsOptions;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Topics of the Kafka cluster through the {@link Admin} client. Tributary checks what it checks on the embedded
 * backend too, with the same words (names, partition counts within {@code tributary.topics.max-partitions-per-topic},
 * {@code max-topics}, config names), and Kafka checks the rest (config values, whether the replication factor can be
 * placed) in a validate-only creation. Not checked here: {@code tributary.topics.max-partitions}, a limit of one
 * node's files and memory; a Kafka cluster sets its own. Kafka serializes the changes, so no lock is taken here:
 * another node's change racing this one fails as Kafka says (the topic exists, the count is no increase).
 */
@Component
@ConditionalOnKafkaBackend
class KafkaTopicAdmin implements TopicAdmin {

    private final Admin admin;
    private final KafkaTopics topics;
    private final KafkaTopicDefaults defaults;
    private final KafkaMetadata metadata;
    private final TributaryProperties.Topics limits;
    private final short defaultReplicationFactor;
    private final ApplicationEventPublisher events;

    KafkaTopicAdmin(Admin admin, KafkaMetadata metadata, KafkaClients clients, TributaryProperties properties,
                    ApplicationEventPublisher events) {
        this.admin = admin;
        this.topics = new KafkaTopics(admin, clients.requestTimeout());
        this.defaults = new KafkaTopicDefaults(admin, topics);
        this.metadata = metadata;
        this.limits = properties.topics();
        this.defaultReplicationFactor = properties.kafka().replicationFactor();
        this.events = events;
    }

    @Override
    public List<TopicDescription> list() {
        var described = topics.describe(topics.names());
        Map<String, Map<String, String>> configs = topics.configs(described.keySet());
        List<TopicDescription> list = new ArrayList<>();
        described.forEach((name, topic) -> {
            if (configs.containsKey(name)) {
                list.add(description(topic, configs.get(name)));
            }
        });
        list.sort(Comparator.comparing(TopicDescription::name));
        return list;
    }

    @Override
    public TopicDescription describe(String topic) {
        return find(topic).orElseThrow(() -> TopicChecks.unknownTopic(topic));
    }

    @Override
    public Optional<TopicDescription> find(String topic) {
        TopicNames.requireValid(topic);
        Optional<TopicDescription> found = KafkaMetadata.confirmingAbsence(() -> {
            var described = topics.describe(List.of(topic)).get(topic);
            Map<String, String> configs = described == null ? null : topics.configs(List.of(topic)).get(topic);
            return configs == null ? Optional.empty() : Optional.of(description(described, configs));
        });
        if (found.isEmpty()) {
            metadata.forget(topic);
        }
        return found;
    }

    private TopicDescription description(org.apache.kafka.clients.admin.TopicDescription topic, Map<String, String> configs) {
        int partitions = topic.partitions().size();
        int replicationFactor = partitions == 0 ? 0 : topic.partitions().get(0).replicas().size();
        return new TopicDescription(topic.name(), partitions, replicationFactor, configs);
    }

    @Override
    public PartitionOffsets offsets(String topic, int partition) {
        TopicNames.requireValid(topic);
        int count = onTopic(topic, () -> metadata.topic(topic).partitions());
        if (partition >= count) { // grown through another node since this one looked?
            metadata.forget(topic);
            count = onTopic(topic, () -> metadata.topic(topic).partitions());
        }
        TopicChecks.requirePartition(topic, partition, count);
        TopicPartition tp = new TopicPartition(topic, partition);
        var earliest = admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).partitionResult(tp);
        var latest = admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp);
        String what = "list the offsets of " + tp;
        return onTopic(topic, () -> new PartitionOffsets(topics.await(earliest, what).offset(),
                topics.await(latest, what).offset()));
    }

    @Override
    public Map<String, String> defaultConfigs() {
        return defaults.configs();
    }

    // ---- administration

    @Override
    public NewTopic validateNew(String name, Integer partitions, Integer replicationFactor, Map<String, String> configs) {
        TopicNames.requireValid(name);
        NewTopic topic = new NewTopic(name, partitions == null ? limits.defaultPartitions() : partitions,
                replicationFactor(replicationFactor), configs == null ? Map.of() : configs);
        requireCreatable(topic);
        CreateTopicsResult result = admin.createTopics(List.of(kafkaTopic(topic)), new CreateTopicsOptions().validateOnly(true));
        String what = "validate topic '" + name + "'";
        topics.await(result.all(), what);
        // the factor the cluster would give it, so the answer shows it even when it was left to the brokers
        return new NewTopic(name, topic.partitions(), topics.await(result.replicationFactor(name), what), topic.configs());
    }

    /** Null or -1 is {@code tributary.kafka.replication-factor}, which may be -1 itself: the brokers' default. */
    private int replicationFactor(Integer requested) {
        int factor = requested == null || requested == NewTopic.DEFAULT_REPLICATION_FACTOR ? defaultReplicationFactor : requested;
        if (factor != NewTopic.DEFAULT_REPLICATION_FACTOR && (factor < 1 || factor > Short.MAX_VALUE)) {
            throw new InvalidPartitionsException("Invalid replication factor " + factor
                    + ": must be at least 1, or -1 for the default (tributary.kafka.replication-factor).");
        }
        return factor;
    }

    private void requireCreatable(NewTopic topic) {
        TopicChecks.requirePartitionCount(topic.partitions(), limits.maxPartitionsPerTopic());
        TopicChecks.requireKnownConfigs(topic.configs().keySet(), defaults.configs().keySet());
        TopicChecks.requireTopicsLeft(topic.name(), topics.names().size(), limits.maxTopics());
    }

    private static org.apache.kafka.clients.admin.NewTopic kafkaTopic(NewTopic topic) {
        Optional<Short> factor = topic.replicationFactor() == NewTopic.DEFAULT_REPLICATION_FACTOR
                ? Optional.empty() : Optional.of((short) topic.replicationFactor());
        return new org.apache.kafka.clients.admin.NewTopic(topic.name(), Optional.of(topic.partitions()), factor)
                .configs(topic.configs());
    }

    @Override
    public TopicDescription create(NewTopic topic) {
        TopicNames.requireValid(topic.name());
        requireCreatable(topic);
        CreateTopicsResult result = admin.createTopics(List.of(kafkaTopic(topic)));
        String what = "create topic '" + topic.name() + "'";
        topics.await(result.all(), what);
        // what the controller answered, since a broker asked at once may not know the topic yet
        int partitions = topics.await(result.numPartitions(topic.name()), what);
        TopicDescription created = new TopicDescription(topic.name(), partitions,
                topics.await(result.replicationFactor(topic.name()), what),
                KafkaTopics.values(topics.await(result.config(topic.name()), what)));
        metadata.forget(topic.name());
        topics.awaitSeen(topic.name(), count -> count == partitions);
        events.publishEvent(new TopicEvent.Created(topic.name(), partitions));
        return created;
    }

    @Override
    public void delete(String topic) {
        TopicNames.requireValid(topic);
        onTopic(topic, () -> topics.await(admin.deleteTopics(List.of(topic)).all(), "delete topic '" + topic + "'"));
        metadata.forget(topic);
        topics.awaitSeen(topic, count -> count == 0);
        events.publishEvent(new TopicEvent.Deleted(topic));
    }

    @Override
    public TopicDescription increasePartitions(String topic, int partitions) {
        TopicDescription current = describe(topic);
        TopicChecks.requireIncrease(topic, current.partitions(), partitions);
        TopicChecks.requirePartitionCount(partitions, limits.maxPartitionsPerTopic());
        onTopic(topic, () -> topics.await(admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(partitions))).all(),
                "grow topic '" + topic + "'"));
        // until this node's own view has the new partitions: a broker asked may lag the one that confirmed the change,
        // and a produce to a new partition right after must not be refused
        topics.awaitUntil(() -> {
            metadata.forget(topic);
            return metadata.find(topic).map(info -> info.partitions() >= partitions).orElse(false);
        });
        events.publishEvent(new TopicEvent.PartitionsIncreased(topic, partitions));
        return new TopicDescription(topic, partitions, current.replicationFactor(), current.configs());
    }

    /**
     * One incremental change: SET for each change, DELETE (back to the cluster's default) for each reset. The answer is
     * worked out here from the configs before and the defaults, not read back: a broker asked right after the change
     * may not have applied it yet.
     */
    @Override
    public Map<String, String> alterConfigs(String topic, Map<String, String> changes, Collection<String> resets,
                                            boolean validateOnly) {
        TopicDescription current = describe(topic);
        Map<String, String> defaultValues = defaults.configs();
        TopicChecks.requireKnownConfigs(changes.keySet(), defaultValues.keySet());
        TopicChecks.requireKnownConfigs(resets, defaultValues.keySet());
        List<AlterConfigOp> ops = KafkaTopics.alterOps(changes, resets);
        if (!ops.isEmpty()) {
            onTopic(topic, () -> topics.await(admin.incrementalAlterConfigs(Map.of(KafkaTopics.resource(topic), ops),
                    new AlterConfigsOptions().validateOnly(validateOnly)).all(), "alter the configs of topic '" + topic + "'"));
        }
        Map<String, String> after = new TreeMap<>(current.configs());
        after.putAll(changes);
        resets.forEach(name -> after.put(name, defaultValues.get(name)));
        if (!validateOnly && !ops.isEmpty()) {
            metadata.forget(topic);
            // as for a create: what this node answers next (a produce's size check too) shows the change
            Map<String, String> changed = new TreeMap<>(changes);
            resets.forEach(name -> changed.put(name, defaultValues.get(name)));
            topics.awaitConfigs(topic, changed);
        }
        return after;
    }

    /** Runs a request about one topic; Kafka's "unknown topic or partition" becomes the same answer as embedded's. */
    private <T> T onTopic(String topic, Supplier<T> request) {
        try {
            return request.get();
        } catch (UnknownTopicException e) {
            metadata.forget(topic);
            throw TopicChecks.unknownTopic(topic);
        }
    }
}
