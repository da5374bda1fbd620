package io.tributary.embedded;

import io.tributary.common.errors.NotFoundException;
import io.tributary.log.TopicConfig;
import io.tributary.settings.TributaryProperties;
import io.tributary.topic.Broker;
import io.tributary.topic.BrokerConfig;
import io.tributary.topic.ClusterIdentity;
import io.tributary.topic.ClusterTopology;
import io.tributary.topic.PartitionReplica;
import io.tributary.topic.Reassignment;
import io.tributary.topic.TopicAdmin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.stereotype.Service;

/**
 * This node is the whole cluster: broker {@link ClusterIdentity#BROKER_ID}, the controller and every group's
 * coordinator, holding the only replica of every partition (the leader, always in sync), which never moves. Its
 * configs are the broker-level defaults Tributary has, read-only since they are set at start.
 */
@Service
@ConditionalOnEmbeddedBackend
class EmbeddedClusterTopology implements ClusterTopology {

    private static final int BROKER_ID = ClusterIdentity.BROKER_ID;

    /** Each topic config and the broker config that sets its default, as Kafka names them. */
    private static final Map<String, String> BROKER_DEFAULT_OF = Map.ofEntries(
            Map.entry(TopicConfig.CLEANUP_POLICY, "log.cleanup.policy"),
            Map.entry(TopicConfig.DELETE_RETENTION_MS, "log.cleaner.delete.retention.ms"),
            Map.entry(TopicConfig.MAX_COMPACTION_LAG_MS, "log.cleaner.max.compaction.lag.ms"),
            Map.entry(TopicConfig.MAX_MESSAGE_BYTES, "message.max.bytes"),
            Map.entry(TopicConfig.MESSAGE_TIMESTAMP_TYPE, "log.message.timestamp.type"),
            Map.entry(TopicConfig.MIN_CLEANABLE_DIRTY_RATIO, "log.cleaner.min.cleanable.ratio"),
            Map.entry(TopicConfig.MIN_COMPACTION_LAG_MS, "log.cleaner.min.compaction.lag.ms"),
            Map.entry(TopicConfig.RETENTION_BYTES, "log.retention.bytes"),
            Map.entry(TopicConfig.RETENTION_MS, "log.retention.ms"),
            Map.entry(TopicConfig.SEGMENT_BYTES, "log.segment.bytes"),
            Map.entry(TopicConfig.SEGMENT_MS, "log.roll.ms"));

    /** The broker configs that are a setting of Tributary's configuration, and its name; the others are fixed. */
    private static final Map<String, String> SETTING_OF = Map.ofEntries(
            Map.entry("auto.create.topics.enable", "tributary.topics.auto-create"),
            Map.entry("num.partitions", "tributary.topics.default-partitions"),
            Map.entry("log.retention.ms", "tributary.topics.retention"),
            Map.entry("log.retention.bytes", "tributary.topics.retention-bytes"),
            Map.entry("log.segment.bytes", "tributary.topics.segment-bytes"),
            Map.entry("log.roll.ms", "tributary.topics.segment-age"),
            Map.entry("message.max.bytes", "tributary.topics.max-message-bytes"),
            Map.entry("log.cleaner.threads", "tributary.compaction.threads"),
            Map.entry("log.cleaner.io.max.bytes.per.second", "tributary.compaction.max-bytes-per-second"),
            Map.entry("log.cleaner.backoff.ms", "tributary.compaction.check-interval"),
            Map.entry("log.cleaner.dedupe.buffer.size", "tributary.compaction.dedupe-buffer-size"));

    private final TopicAdmin topics;
    private final List<BrokerConfig> configs;

    EmbeddedClusterTopology(TopicAdmin topics, TributaryProperties properties) {
        this.topics = topics;
        this.configs = brokerConfigs(properties, builtInDefaults());
    }

    @Override
    public List<Broker> brokers() {
        return List.of(Broker.thisNode(BROKER_ID));
    }

    @Override
    public OptionalInt controller() {
        return OptionalInt.of(BROKER_ID);
    }

    @Override
    public int coordinator(String groupId) {
        return BROKER_ID;
    }

    @Override
    public List<PartitionReplica> replicas(String topic, int partition) {
        topics.offsets(topic, partition); // throws for an unknown topic or partition
        return List.of(replica(topic, partition));
    }

    @Override
    public List<PartitionReplica> replicasOn(int brokerId, Predicate<String> include) {
        broker(brokerId);
        return topics.list().stream().filter(t -> include.test(t.name()))
                .flatMap(t -> IntStream.range(0, t.partitions()).mapToObj(p -> replica(t.name(), p))).toList();
    }

    @Override
    public List<Reassignment> reassignments(Predicate<String> include) {
        return List.of(); // one broker: a replica has nowhere to go
    }

    @Override
    public List<BrokerConfig> brokerConfigs(int brokerId) {
        broker(brokerId);
        return configs;
    }

    @Override
    public List<BrokerConfig> clusterConfigs() {
        return List.of(); // nothing changes at run time: every setting is read at start
    }

    /** Where a broker config's value comes from: {@code tributary.<...>} in the configuration, or empty when fixed. */
    static java.util.Optional<String> settingOf(String brokerConfig) {
        return java.util.Optional.ofNullable(SETTING_OF.get(brokerConfig));
    }

    private static PartitionReplica replica(String topic, int partition) {
        return new PartitionReplica(topic, partition, BROKER_ID, true, true);
    }

    /** {@code tributary.*} as it is with nothing set, to tell the configured settings from the defaults. */
    static TributaryProperties builtInDefaults() {
        return new Binder().bindOrCreate("tributary", TributaryProperties.class);
    }

    /**
     * The settings Tributary has that Kafka has as broker configs: the defaults of new topics, topic creation and
     * the log cleaner. A value set in Tributary's configuration is a STATIC_BROKER_CONFIG (Kafka's
     * server.properties), one left as built in a DEFAULT_CONFIG.
     */
    static List<BrokerConfig> brokerConfigs(TributaryProperties configured, TributaryProperties builtIn) {
        Map<String, String[]> values = new LinkedHashMap<>(); // name -> {configured, built in}
        BiConsumer<String, Function<TributaryProperties, Object>> setting = (name, value) ->
                values.put(name, new String[] {String.valueOf(value.apply(configured)), String.valueOf(value.apply(builtIn))});
        setting.accept("auto.create.topics.enable", p -> p.topics().autoCreate());
        setting.accept("default.replication.factor", p -> 1); // one broker
        setting.accept("num.partitions", p -> p.topics().defaultPartitions());
        setting.accept("log.cleaner.threads", p -> p.compaction().threads());
        setting.accept("log.cleaner.io.max.bytes.per.second", p -> p.compaction().maxBytesPerSecond().toBytes());
        setting.accept("log.cleaner.backoff.ms", p -> p.compaction().checkInterval().toMillis());
        setting.accept("log.cleaner.dedupe.buffer.size", p -> p.compaction().dedupeBufferSize().toBytes());
        Map<String, String> topicDefaults = EmbeddedTopicAdmin.defaultConfig(configured.topics()).toMap();
        Map<String, String> builtInTopicDefaults = EmbeddedTopicAdmin.defaultConfig(builtIn.topics()).toMap();
        BROKER_DEFAULT_OF.forEach((topicConfig, brokerConfig) -> {
            if (topicDefaults.containsKey(topicConfig)) {
                values.put(brokerConfig, new String[] {topicDefaults.get(topicConfig), builtInTopicDefaults.get(topicConfig)});
            }
        });
        List<BrokerConfig> configs = new ArrayList<>();
        values.forEach((name, v) -> configs.add(config(name, v[0], v[1])));
        configs.sort(Comparator.comparing(BrokerConfig::name));
        return List.copyOf(configs);
    }

    private static BrokerConfig config(String name, String value, String builtIn) {
        var fallback = new BrokerConfig.Synonym(name, builtIn, BrokerConfig.Source.DEFAULT_CONFIG);
        if (value.equals(builtIn)) {
            return new BrokerConfig(name, value, BrokerConfig.Source.DEFAULT_CONFIG, true, false, List.of(fallback));
        }
        return new BrokerConfig(name, value, BrokerConfig.Source.STATIC_BROKER_CONFIG, true, false,
                List.of(new BrokerConfig.Synonym(name, value, BrokerConfig.Source.STATIC_BROKER_CONFIG), fallback));
    }
}
