package io.tributary.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tributary.common.errors.InvalidConfigException;
import io.tributary.common.errors.InvalidPartitionsException;
import io.tributary.common.errors.InvalidTopicException;
import io.tributary.common.errors.LimitExceededException;
import io.tributary.common.errors.TopicExistsException;
import io.tributary.common.errors.UnknownPartitionException;
import io.tributary.common.errors.UnknownTopicException;
import io.tributary.settings.TributaryProperties;
import io.tributary.topic.NewTopic;
import io.tributary.topic.PartitionOffsets;
import io.tributary.topic.TopicDescription;
import io.tributary.topic.TopicEvent;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KafkaTopicAdminIT {

    private static KafkaClients clients;
    private static Admin admin;
    private static KafkaMetadata metadata;
    private static final List<Object> events = new CopyOnWriteArrayList<>();
    private static KafkaTopicAdmin topics;

    @BeforeAll
    static void start() {
        TributaryProperties properties = KafkaPorts.properties(Map.of("tributary.topics.default-partitions", "2",
                "tributary.topics.max-partitions-per-topic", "50"));
        clients = KafkaPorts.clients(properties);
        admin = clients.admin();
        metadata = new KafkaMetadata(admin, clients.requestTimeout());
        topics = new KafkaTopicAdmin(admin, metadata, clients, properties, events::add);
    }

    @AfterAll
    static void stop() {
        admin.close();
    }

    @Test
    void createsATopicWithItsPartitionsReplicationFactorAndConfigs() {
        String name = KafkaPorts.uniqueTopic("create");
        NewTopic validated = topics.validateNew(name, 3, 3, Map.of("retention.ms", "3600000", "min.insync.replicas", "3"));
        assertThat(validated).isEqualTo(new NewTopic(name, 3, 3, Map.of("retention.ms", "3600000", "min.insync.replicas", "3")));

        TopicDescription created = topics.create(validated);

        assertThat(created.name()).isEqualTo(name);
        assertThat(created.partitions()).isEqualTo(3);
        assertThat(created.replicationFactor()).isEqualTo(3);
        assertThat(created.configs()).containsEntry("retention.ms", "3600000").containsEntry("min.insync.replicas", "3")
                .containsEntry("cleanup.policy", "delete");
        assertThat(events).contains(new TopicEvent.Created(name, 3));
        assertThat(metadata.topic(name).partitions()).isEqualTo(3);
        TopicDescription described = topics.describe(name);
        assertThat(described).isEqualTo(created);
        assertThat(topics.find(name)).contains(created);
        assertThat(topics.list()).contains(created);
        assertThat(topics.list()).extracting(TopicDescription::name).isSorted();
    }

    @Test
    void leftOutCountsAndFactorsAreTheConfiguredDefaultsAndTheBrokersDefault() {
        String name = KafkaPorts.uniqueTopic("defaults");

        NewTopic validated = topics.validateNew(name, null, null, null);

        assertThat(validated.partitions()).isEqualTo(2); // tributary.topics.default-partitions
        assertThat(validated.replicationFactor()).isEqualTo(3); // the brokers' default.replication.factor
        assertThat(topics.create(validated).replicationFactor()).isEqualTo(3);
        assertThat(topics.validateNew(KafkaPorts.uniqueTopic("defaults"), 1, -1, Map.of()).replicationFactor()).isEqualTo(3);
    }

    @Test
    void theConfiguredReplicationFactorIsTheDefault() {
        TributaryProperties properties = KafkaPorts.properties(Map.of("tributary.kafka.replication-factor", "2"));
        KafkaTopicAdmin withFactorTwo = new KafkaTopicAdmin(admin, metadata, clients, properties, e -> { });
        String name = KafkaPorts.uniqueTopic("factor-two");

        TopicDescription created = withFactorTwo.create(withFactorTwo.validateNew(name, 1, null, Map.of()));

        assertThat(created.replicationFactor()).isEqualTo(2);
        assertThat(topics.describe(name).replicationFactor()).isEqualTo(2);
    }

    @Test
    void validatingCreatesNothing() {
        String name = KafkaPorts.uniqueTopic("validate");

        topics.validateNew(name, 4, 3, Map.of("cleanup.policy", "compact"));

        assertThat(topics.find(name)).isEmpty();
        assertThat(topics.list()).extracting(TopicDescription::name).doesNotContain(name);
        assertThat(events).noneMatch(e -> e instanceof TopicEvent t && t.topic().equals(name));
    }

    @Test
    void aTopicThatExistsCannotBeCreatedAgain() {
        String name = KafkaPorts.uniqueTopic("twice");
        NewTopic topic = topics.validateNew(name, 1, 3, Map.of());
        topics.create(topic);

        assertThatThrownBy(() -> topics.validateNew(name, 1, 3, Map.of())).isInstanceOf(TopicExistsException.class)
                .hasMessageContaining(name);
        assertThatThrownBy(() -> topics.create(topic)).isInstanceOf(TopicExistsException.class);
    }

    @Test
    void invalidRequestsAreRefusedWithTheEmbeddedBackendsAnswers() {
        String name = KafkaPorts.uniqueTopic("invalid");

        assertThatThrownBy(() -> topics.validateNew("no/slash", 1, 3, Map.of())).isInstanceOf(InvalidTopicException.class);
        assertThatThrownBy(() -> topics.validateNew(name, 0, 3, Map.of())).isInstanceOf(InvalidPartitionsException.class)
                .hasMessage("Invalid partition count 0: must be between 1 and 50 (tributary.topics.max-partitions-per-topic).");
        assertThatThrownBy(() -> topics.validateNew(name, 51, 3, Map.of())).isInstanceOf(InvalidPartitionsException.class);
        assertThatThrownBy(() -> topics.validateNew(name, 1, 0, Map.of())).isInstanceOf(InvalidPartitionsException.class)
                .hasMessageContaining("Invalid replication factor 0");
        assertThatThrownBy(() -> topics.validateNew(name, 1, 4, Map.of())).isInstanceOf(InvalidPartitionsException.class)
                .hasMessageContaining("replication factor");
        assertThatThrownBy(() -> topics.validateNew(name, 1, 3, Map.of("no.such.config", "1")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("Unknown topic config 'no.such.config'. Topic configs are [")
                .hasMessageContaining("retention.ms");
        assertThatThrownBy(() -> topics.validateNew(name, 1, 3, Map.of("retention.ms", "soon")))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("retention.ms");
        assertThatThrownBy(() -> topics.validateNew(name, 1, 3, Map.of("cleanup.policy", "shred")))
                .isInstanceOf(InvalidConfigException.class);
        assertThatThrownBy(() -> topics.validateNew(name, 1, 3, Map.of("min.cleanable.dirty.ratio", "2")))
                .isInstanceOf(InvalidConfigException.class);
        assertThat(topics.find(name)).isEmpty();
    }

    @Test
    void theTopicLimitHoldsForTheCluster() {
        TributaryProperties properties = KafkaPorts.properties(Map.of("tributary.topics.max-topics", "1"));
        KafkaTopicAdmin limited = new KafkaTopicAdmin(admin, metadata, clients, properties, e -> { });
        topics.create(topics.validateNew(KafkaPorts.uniqueTopic("limit"), 1, 1, Map.of())); // at least one exists

        assertThatThrownBy(() -> limited.validateNew(KafkaPorts.uniqueTopic("limit"), 1, 1, Map.of()))
                .isInstanceOf(LimitExceededException.class).hasMessageContaining("tributary.topics.max-topics");
    }

    @Test
    void growsATopic() {
        String name = KafkaPorts.uniqueTopic("grow");
        topics.create(topics.validateNew(name, 2, 3, Map.of()));

        TopicDescription grown = topics.increasePartitions(name, 5);

        assertThat(grown.partitions()).isEqualTo(5);
        assertThat(grown.replicationFactor()).isEqualTo(3);
        assertThat(events).contains(new TopicEvent.PartitionsIncreased(name, 5));
        assertThat(metadata.topic(name).partitions()).isEqualTo(5);
        assertThat(topics.describe(name).partitions()).isEqualTo(5); // read back at once
        assertThatThrownBy(() -> topics.increasePartitions(name, 5)).isInstanceOf(InvalidPartitionsException.class)
                .hasMessage("Topic '" + name + "' has 5 partition(s); the partition count can only be increased, 5 is not more.");
        assertThatThrownBy(() -> topics.increasePartitions(name, 51)).isInstanceOf(InvalidPartitionsException.class);
        assertThatThrownBy(() -> topics.increasePartitions(KafkaPorts.uniqueTopic("missing"), 5))
                .isInstanceOf(UnknownTopicException.class);
    }

    @Test
    void altersAndResetsConfigs() {
        String name = KafkaPorts.uniqueTopic("alter");
        topics.create(topics.validateNew(name, 1, 3, Map.of("retention.ms", "3600000")));
        String defaultSegmentBytes = topics.defaultConfigs().get("segment.bytes");

        Map<String, String> validated = topics.alterConfigs(name, Map.of("segment.bytes", "1048576"),
                List.of("retention.ms"), true);

        assertThat(validated).containsEntry("segment.bytes", "1048576")
                .containsEntry("retention.ms", topics.defaultConfigs().get("retention.ms"));
        assertThat(topics.describe(name).configs()).containsEntry("retention.ms", "3600000")
                .containsEntry("segment.bytes", defaultSegmentBytes);

        Map<String, String> altered = topics.alterConfigs(name, Map.of("segment.bytes", "1048576"), List.of("retention.ms"), false);

        assertThat(altered).isEqualTo(validated);
        await().atMost(KafkaPorts.patience()).untilAsserted(() -> assertThat(topics.describe(name).configs()).isEqualTo(altered));

        topics.alterConfigs(name, Map.of(), List.of("segment.bytes"), false);
        await().atMost(KafkaPorts.patience()).untilAsserted(() ->
                assertThat(topics.describe(name).configs()).containsEntry("segment.bytes", defaultSegmentBytes));

        assertThatThrownBy(() -> topics.alterConfigs(name, Map.of("segment.bytes", "12"), List.of(), false))
                .isInstanceOf(InvalidConfigException.class);
        assertThatThrownBy(() -> topics.alterConfigs(name, Map.of("no.such.config", "1"), List.of(), true))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("Unknown topic config 'no.such.config'");
        assertThatThrownBy(() -> topics.alterConfigs(name, Map.of(), List.of("no.such.config"), true))
                .isInstanceOf(InvalidConfigException.class);
        assertThatThrownBy(() -> topics.alterConfigs(KafkaPorts.uniqueTopic("missing"), Map.of("retention.ms", "1"), List.of(), true))
                .isInstanceOf(UnknownTopicException.class);
    }

    @Test
    void defaultConfigsAreEveryTopicConfigWithTheBrokersDefaults() {
        Map<String, String> defaults = topics.defaultConfigs();

        assertThat(defaults).containsKeys("cleanup.policy", "delete.retention.ms", "max.compaction.lag.ms",
                "max.message.bytes", "message.timestamp.type", "min.cleanable.dirty.ratio", "min.compaction.lag.ms",
                "retention.bytes", "retention.ms", "segment.bytes", "segment.ms", "compression.type");
        assertThat(defaults).containsEntry("min.insync.replicas", "2"); // the brokers' static setting, not Kafka's 1
        assertThat(defaults).containsEntry("retention.ms", "604800000");

        String name = KafkaPorts.uniqueTopic("all-configs");
        topics.create(topics.validateNew(name, 1, 3, Map.of()));
        assertThat(topics.describe(name).configs()).isEqualTo(defaults);
    }

    @Test
    void deletesATopic() {
        String name = KafkaPorts.uniqueTopic("delete");
        topics.create(topics.validateNew(name, 1, 3, Map.of()));

        topics.delete(name);

        assertThat(events).contains(new TopicEvent.Deleted(name));
        assertThat(topics.find(name)).isEmpty(); // gone at once
        assertThatThrownBy(() -> topics.describe(name)).isInstanceOf(UnknownTopicException.class)
                .hasMessage("Topic '" + name + "' not found.");
        assertThatThrownBy(() -> topics.delete(name)).isInstanceOf(UnknownTopicException.class)
                .hasMessage("Topic '" + name + "' not found.");
    }

    @Test
    void offsetsOfAPartition() throws Exception {
        String name = KafkaPorts.uniqueTopic("offsets");
        topics.create(topics.validateNew(name, 3, 3, Map.of()));
        KafkaPorts.produce(clients, name, 1, 5, System.currentTimeMillis());

        assertThat(topics.offsets(name, 1)).isEqualTo(new PartitionOffsets(0, 5));
        assertThat(topics.offsets(name, 0)).isEqualTo(new PartitionOffsets(0, 0));
        assertThatThrownBy(() -> topics.offsets(name, 3)).isInstanceOf(UnknownPartitionException.class)
                .hasMessage("Partition 3 of topic '" + name + "' not found; it has 3 partition(s), numbered from 0.");
        assertThatThrownBy(() -> topics.offsets(name, -1)).isInstanceOf(UnknownPartitionException.class);
        assertThatThrownBy(() -> topics.offsets(KafkaPorts.uniqueTopic("missing"), 0)).isInstanceOf(UnknownTopicException.class);
    }

    @Test
    void aPartitionAddedThroughAnotherNodeHasOffsetsAtOnce() throws Exception {
        String name = KafkaPorts.uniqueTopic("grown-elsewhere");
        topics.create(topics.validateNew(name, 1, 3, Map.of()));
        assertThat(topics.offsets(name, 0)).isEqualTo(new PartitionOffsets(0, 0)); // this node now remembers 1 partition
        admin.createPartitions(Map.of(name, org.apache.kafka.clients.admin.NewPartitions.increaseTo(2))).all().get();

        await().atMost(KafkaPorts.patience()).ignoreExceptionsInstanceOf(UnknownPartitionException.class)
                .untilAsserted(() -> assertThat(topics.offsets(name, 1)).isEqualTo(new PartitionOffsets(0, 0)));
    }
}
