package io.tributary.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tributary.common.errors.NotFoundException;
import io.tributary.common.errors.UnknownGroupException;
import io.tributary.common.errors.UnknownPartitionException;
import io.tributary.common.errors.UnknownTopicException;
import io.tributary.support.KafkaCluster;
import io.tributary.topic.Broker;
import io.tributary.topic.BrokerConfig;
import io.tributary.topic.PartitionReplica;
import io.tributary.topic.Reassignment;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KafkaClusterTopologyIT {

    private static Admin admin;
    private static KafkaClusterTopology topology;

    @BeforeAll
    static void start() {
        KafkaClients clients = KafkaPorts.clients(KafkaPorts.properties(Map.of()));
        admin = clients.admin();
        topology = new KafkaClusterTopology(admin, clients);
    }

    @AfterAll
    static void stop() {
        admin.close();
    }

    @Test
    void theBrokersWithTheirAddresses() {
        List<Integer> ports = Arrays.stream(KafkaCluster.shared().bootstrapServers().split(","))
                .map(s -> Integer.parseInt(s.substring(s.lastIndexOf(':') + 1))).toList();

        List<Broker> brokers = topology.brokers();

        assertThat(brokers).extracting(Broker::id).containsExactly(1, 2, 3);
        assertThat(brokers).allSatisfy(b -> {
            assertThat(b.address()).hasValueSatisfying(a -> assertThat(a.host()).isEqualTo("127.0.0.1"));
            assertThat(b.rack()).isEmpty();
        });
        assertThat(brokers).extracting(b -> b.address().orElseThrow().port()).containsExactlyInAnyOrderElementsOf(ports);
        assertThat(topology.broker(2).id()).isEqualTo(2);
        assertThatThrownBy(() -> topology.broker(99)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void theControllerAndCoordinatorsAreBrokersOfTheCluster() {
        assertThat(topology.controller()).isPresent();
        assertThat(List.of(1, 2, 3)).contains(topology.controller().getAsInt());
        assertThatThrownBy(() -> topology.coordinator(KafkaPorts.uniqueTopic("no-such-group")))
                .isInstanceOf(UnknownGroupException.class); // Kafka's answer
    }

    @Test
    void theCoordinatorOfAGroupWithCommits() throws Exception {
        String topic = KafkaPorts.uniqueTopic("coordinated");
        String group = KafkaPorts.uniqueTopic("group");
        KafkaPorts.createTopic(admin, topic, 1, 3);
        admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(0)))
                .all().get(30, TimeUnit.SECONDS);

        int coordinator = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                .get(30, TimeUnit.SECONDS).coordinator().id();

        assertThat(topology.coordinator(group)).isEqualTo(coordinator);
    }

    @Test
    void replicasOfAPartitionLeaderFirst() throws Exception {
        String topic = KafkaPorts.uniqueTopic("replicas");
        KafkaPorts.createTopic(admin, topic, 2, 3);

        await().atMost(KafkaPorts.patience()).untilAsserted(() -> {
            TopicPartitionInfo info = describe(topic).partitions().get(1);
            List<PartitionReplica> replicas = topology.replicas(topic, 1);
            assertThat(replicas).hasSize(3).allSatisfy(r -> {
                assertThat(r.topic()).isEqualTo(topic);
                assertThat(r.partition()).isEqualTo(1);
                assertThat(r.inSync()).isTrue();
            });
            assertThat(replicas.get(0).leader()).isTrue();
            assertThat(replicas.get(0).brokerId()).isEqualTo(info.leader().id());
            assertThat(replicas.subList(1, 3)).noneMatch(PartitionReplica::leader);
            assertThat(replicas).extracting(PartitionReplica::brokerId).containsExactlyInAnyOrder(1, 2, 3);
        });
        assertThatThrownBy(() -> topology.replicas(topic, 2)).isInstanceOf(UnknownPartitionException.class)
                .hasMessage("Partition 2 of topic '" + topic + "' not found; it has 2 partition(s), numbered from 0.");
        assertThatThrownBy(() -> topology.replicas(KafkaPorts.uniqueTopic("missing"), 0))
                .isInstanceOf(UnknownTopicException.class);
    }

    @Test
    void replicasOnABroker() throws Exception {
        String replicated = KafkaPorts.uniqueTopic("on-broker");
        String single = KafkaPorts.uniqueTopic("on-broker-single");
        KafkaPorts.createTopic(admin, replicated, 2, 3);
        KafkaPorts.createTopic(admin, single, 3, 1);

        await().atMost(KafkaPorts.patience()).untilAsserted(() -> { // until every broker knows both topics
            List<PartitionReplica> on = topology.replicasOn(2, t -> t.equals(replicated) || t.equals(single));

            int singleOnTwo = (int) describe(single).partitions().stream().filter(p -> p.replicas().get(0).id() == 2).count();
            assertThat(on).allMatch(r -> r.brokerId() == 2);
            assertThat(on).filteredOn(r -> r.topic().equals(replicated)).extracting(PartitionReplica::partition)
                    .containsExactly(0, 1);
            assertThat(on).filteredOn(r -> r.topic().equals(single)).hasSize(singleOnTwo);
            assertThat(on).extracting(r -> r.topic() + "/" + r.partition()).isSorted();
        });
        assertThatThrownBy(() -> topology.replicasOn(99, t -> true)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void noReassignmentWhileReplicasStay() throws Exception {
        String topic = KafkaPorts.uniqueTopic("stay");
        KafkaPorts.createTopic(admin, topic, 1, 3);

        assertThat(topology.reassignments(topic::equals)).isEmpty();
        assertThat(topology.reassignment(topic, 0)).isEqualTo(Reassignment.none(topic, 0));
        assertThatThrownBy(() -> topology.reassignment(topic, 1)).isInstanceOf(UnknownPartitionException.class);
    }

    @Test
    void aBrokersConfigsWithTheirSources() {
        List<BrokerConfig> configs = topology.brokerConfigs(1);

        assertThat(configs).extracting(BrokerConfig::name).isSorted();
        BrokerConfig dedupeBuffer = config(configs, "log.cleaner.dedupe.buffer.size"); // server.properties
        assertThat(dedupeBuffer.value()).isEqualTo("8388608");
        assertThat(dedupeBuffer.source()).isEqualTo(BrokerConfig.Source.STATIC_BROKER_CONFIG);
        assertThat(dedupeBuffer.synonyms()).first().isEqualTo(
                new BrokerConfig.Synonym("log.cleaner.dedupe.buffer.size", "8388608", BrokerConfig.Source.STATIC_BROKER_CONFIG));
        assertThat(dedupeBuffer.synonyms()).extracting(BrokerConfig.Synonym::source).contains(BrokerConfig.Source.DEFAULT_CONFIG);
        // KRaft's controller keeps the static min.insync.replicas as a cluster-wide dynamic default
        assertThat(config(configs, "min.insync.replicas").value()).isEqualTo("2");
        BrokerConfig builtIn = config(configs, "log.retention.check.interval.ms");
        assertThat(builtIn.isDefault()).isTrue();
        assertThat(config(configs, "node.id").readOnly()).isTrue();
        assertThatThrownBy(() -> topology.brokerConfigs(99)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void clusterWideDynamicDefaults() throws Exception {
        ConfigResource clusterDefault = new ConfigResource(ConfigResource.Type.BROKER, "");
        String name = "log.cleaner.backoff.ms"; // its built-in value: nothing changes for other tests
        alter(clusterDefault, new AlterConfigOp(new ConfigEntry(name, "15000"), AlterConfigOp.OpType.SET));
        try {
            await().atMost(KafkaPorts.patience()).untilAsserted(() -> {
                assertThat(topology.clusterConfigs()).filteredOn(c -> c.name().equals(name)).singleElement().satisfies(c -> {
                    assertThat(c.value()).isEqualTo("15000");
                    assertThat(c.source()).isEqualTo(BrokerConfig.Source.DYNAMIC_DEFAULT_BROKER_CONFIG);
                });
                assertThat(config(topology.brokerConfigs(3), name).source())
                        .isEqualTo(BrokerConfig.Source.DYNAMIC_DEFAULT_BROKER_CONFIG);
            });
        } finally {
            alter(clusterDefault, new AlterConfigOp(new ConfigEntry(name, null), AlterConfigOp.OpType.DELETE));
        }
        await().atMost(KafkaPorts.patience()).untilAsserted(() ->
                assertThat(topology.clusterConfigs()).extracting(BrokerConfig::name).doesNotContain(name));
    }

    private static void alter(ConfigResource resource, AlterConfigOp op) throws Exception {
        admin.incrementalAlterConfigs(Map.of(resource, List.of(op))).all().get(30, TimeUnit.SECONDS);
    }

    private static BrokerConfig config(List<BrokerConfig> configs, String name) {
        Optional<BrokerConfig> config = configs.stream().filter(c -> c.name().equals(name)).findFirst();
        assertThat(config).as(name).isPresent();
        return config.get();
    }

    private static TopicDescription describe(String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
    }
}
