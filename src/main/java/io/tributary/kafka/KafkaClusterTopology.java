package io.tributary.kafka;

import io.tributary.common.errors.UnknownGroupException;
import io.tributary.topic.Broker;
import io.tributary.topic.BrokerConfig;
import io.tributary.topic.ClusterTopology;
import io.tributary.topic.PartitionReplica;
import io.tributary.topic.Reassignment;
import io.tributary.topic.TopicChecks;
import io.tributary.topic.TopicNames;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Predicate;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.ListPartitionReassignmentsOptions;
import org.apache.kafka.clients.admin.PartitionReassignment;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.springframework.stereotype.Component;

/**
 * The Kafka cluster's brokers, replicas, reassignments and broker configs, as its {@link Admin} API reports them, asked
 * afresh each time: they change under Tributary (leaders move, brokers come and go) and these views are rare.
 */
@Component
@ConditionalOnKafkaBackend
class KafkaClusterTopology implements ClusterTopology {

    private static final Comparator<PartitionReplica> BY_PARTITION =
            Comparator.comparing(PartitionReplica::topic).thenComparingInt(PartitionReplica::partition);

    private final Admin admin;
    private final KafkaTopics topics;

    KafkaClusterTopology(Admin admin, KafkaClients clients) {
        this.admin = admin;
        this.topics = new KafkaTopics(admin, clients.requestTimeout());
    }

    @Override
    public List<Broker> brokers() {
        return topics.await(admin.describeCluster().nodes(), "describe the cluster").stream()
                .sorted(Comparator.comparingInt(Node::id)).map(KafkaClusterTopology::broker).toList();
    }

    private static Broker broker(Node node) {
        return new Broker(node.id(), Optional.of(new Broker.Address(node.host(), node.port())),
                Optional.ofNullable(node.rack()));
    }

    @Override
    public OptionalInt controller() {
        // With KRaft, describeCluster names a random live broker as "controller"; the quorum's leader is the real one
        // (when it is a combined node, also a broker; a dedicated controller is no broker and cannot be linked to).
        int leader = topics.await(admin.describeMetadataQuorum().quorumInfo(), "describe the metadata quorum").leaderId();
        return brokers().stream().anyMatch(b -> b.id() == leader) ? OptionalInt.of(leader) : OptionalInt.empty();
    }

    /** @throws UnknownGroupException for a group Kafka does not know (no members, no commits), as Kafka answers */
    @Override
    public int coordinator(String groupId) {
        return topics.await(admin.describeConsumerGroups(List.of(groupId)).describedGroups().get(groupId),
                "find the coordinator of group '" + groupId + "'").coordinator().id();
    }

    @Override
    public List<PartitionReplica> replicas(String topic, int partition) {
        TopicDescription described = describe(topic);
        TopicChecks.requirePartition(topic, partition, described.partitions().size());
        return replicas(topic, described.partitions().get(partition));
    }

    /** The leader first, then the others in Kafka's order (the preferred leader first). */
    private static List<PartitionReplica> replicas(String topic, TopicPartitionInfo info) {
        Node leader = info.leader();
        int leaderId = leader == null || leader.isEmpty() ? -1 : leader.id();
        Set<Integer> inSync = Set.copyOf(info.isr().stream().map(Node::id).toList());
        List<PartitionReplica> replicas = new ArrayList<>();
        for (Node node : info.replicas()) {
            PartitionReplica replica = new PartitionReplica(topic, info.partition(), node.id(), node.id() == leaderId,
                    inSync.contains(node.id()));
            replicas.add(replica.leader() ? 0 : replicas.size(), replica);
        }
        return replicas;
    }

    @Override
    public List<PartitionReplica> replicasOn(int brokerId, Predicate<String> include) {
        broker(brokerId);
        List<PartitionReplica> on = new ArrayList<>();
        topics.describe(topics.names().stream().filter(include).toList()).forEach((name, topic) ->
                topic.partitions().forEach(p -> replicas(name, p).stream()
                        .filter(r -> r.brokerId() == brokerId).forEach(on::add)));
        on.sort(BY_PARTITION);
        return on;
    }

    @Override
    public List<Reassignment> reassignments(Predicate<String> include) {
        var ongoing = topics.await(admin.listPartitionReassignments().reassignments(), "list partition reassignments");
        return ongoing.entrySet().stream().filter(e -> include.test(e.getKey().topic()))
                .map(e -> reassignment(e.getKey(), e.getValue()))
                .sorted(Comparator.comparing(Reassignment::topic).thenComparingInt(Reassignment::partition)).toList();
    }

    /** Asks about this one partition only. */
    @Override
    public Reassignment reassignment(String topic, int partition) {
        replicas(topic, partition); // the partition exists
        TopicPartition tp = new TopicPartition(topic, partition);
        var ongoing = topics.await(admin.listPartitionReassignments(Set.of(tp), new ListPartitionReassignmentsOptions())
                .reassignments(), "list the reassignment of " + tp);
        PartitionReassignment moving = ongoing.get(tp);
        return moving == null ? Reassignment.none(topic, partition) : reassignment(tp, moving);
    }

    private static Reassignment reassignment(TopicPartition tp, PartitionReassignment moving) {
        return new Reassignment(tp.topic(), tp.partition(), moving.addingReplicas(), moving.removingReplicas());
    }

    @Override
    public List<BrokerConfig> brokerConfigs(int brokerId) {
        broker(brokerId);
        return configs(new ConfigResource(ConfigResource.Type.BROKER, String.valueOf(brokerId)), source -> true);
    }

    /** Kafka's resource for the cluster-wide dynamic defaults is the broker with the empty name. */
    @Override
    public List<BrokerConfig> clusterConfigs() {
        return configs(new ConfigResource(ConfigResource.Type.BROKER, ""),
                source -> source == ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
    }

    private List<BrokerConfig> configs(ConfigResource resource, Predicate<ConfigEntry.ConfigSource> include) {
        Config config = topics.await(admin.describeConfigs(List.of(resource), new DescribeConfigsOptions().includeSynonyms(true))
                .values().get(resource), "describe the configs of broker '" + resource.name() + "'");
        return config.entries().stream().filter(e -> include.test(e.source())).map(KafkaClusterTopology::config)
                .sorted(Comparator.comparing(BrokerConfig::name)).toList();
    }

    private static BrokerConfig config(ConfigEntry entry) {
        List<BrokerConfig.Synonym> synonyms = entry.synonyms().stream()
                .map(s -> new BrokerConfig.Synonym(s.name(), entry.isSensitive() ? null : s.value(), source(s.source())))
                .toList();
        return new BrokerConfig(entry.name(), entry.isSensitive() ? null : entry.value(), source(entry.source()),
                entry.isReadOnly(), entry.isSensitive(), synonyms);
    }

    /** A broker's configs come from these four; any other source Kafka may add reads as a dynamic broker config. */
    private static BrokerConfig.Source source(ConfigEntry.ConfigSource source) {
        return switch (source) {
            case DYNAMIC_DEFAULT_BROKER_CONFIG -> BrokerConfig.Source.DYNAMIC_DEFAULT_BROKER_CONFIG;
            case STATIC_BROKER_CONFIG -> BrokerConfig.Source.STATIC_BROKER_CONFIG;
            case DEFAULT_CONFIG -> BrokerConfig.Source.DEFAULT_CONFIG;
            default -> BrokerConfig.Source.DYNAMIC_BROKER_CONFIG;
        };
    }

    private TopicDescription describe(String topic) {
        TopicNames.requireValid(topic);
        TopicDescription described = topics.describe(List.of(topic)).get(topic);
        if (described == null) {
            throw TopicChecks.unknownTopic(topic);
        }
        return described;
    }
}
