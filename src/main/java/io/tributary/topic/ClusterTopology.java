package io.tributary.topic;

import io.tributary.common.errors.NotFoundException;

import java.util.List;
import java.util.OptionalInt;
import java.util.function.Predicate;

/**
 * Where the cluster keeps its data and who runs it: its brokers and their settings, the replicas of each partition,
 * ongoing replica moves, the controller and group coordinators. The embedded backend is one broker
 * ({@link ClusterIdentity#BROKER_ID}) holding the only replica of every partition, which cannot move; a Kafka backend
 * answers with its cluster's ({@code Admin#describeCluster}, {@code describeTopics}, {@code listPartitionReassignments},
 * {@code describeConfigs}, {@code describeConsumerGroups}).
 */
public interface ClusterTopology {

    /** By id. */
    List<Broker> brokers();

    /** @throws NotFoundException for an id that is not a broker of the cluster */
    default Broker broker(int id) {
        return brokers().stream().filter(b -> b.id() == id).findFirst()
                .orElseThrow(() -> new NotFoundException("Broker " + id + " not found; the brokers are "
                        + brokers().stream().map(Broker::id).toList() + "."));
    }

    /** The broker that runs the cluster's metadata; empty while none is elected. */
    OptionalInt controller();

    /**
     * The broker that coordinates the group (its members, assignments and commits).
     *
     * @throws io.tributary.common.errors.UnknownGroupException where the backend knows no coordinator for a group it
     *         does not know (Kafka's answer for a group with no members and no commits)
     */
    int coordinator(String groupId);

    /**
     * The partition's replicas, the leader first.
     *
     * @throws io.tributary.common.errors.UnknownTopicException, io.tributary.common.errors.UnknownPartitionException
     */
    List<PartitionReplica> replicas(String topic, int partition);

    /**
     * The replicas a broker holds, of the topics {@code include} accepts, by topic and partition.
     *
     * @throws NotFoundException for an id that is not a broker of the cluster
     */
    List<PartitionReplica> replicasOn(int brokerId, Predicate<String> include);

    /** The ongoing reassignments, of the topics {@code include} accepts, by topic and partition. */
    List<Reassignment> reassignments(Predicate<String> include);

    /**
     * The partition's ongoing reassignment, {@link Reassignment#none} when its replicas stay where they are.
     *
     * @throws io.tributary.common.errors.UnknownTopicException, io.tributary.common.errors.UnknownPartitionException
     */
    default Reassignment reassignment(String topic, int partition) {
        replicas(topic, partition); // the partition exists
        return reassignments(topic::equals).stream().filter(r -> r.partition() == partition).findFirst()
                .orElse(Reassignment.none(topic, partition));
    }

    /**
     * The broker's settings, by name.
     *
     * @throws NotFoundException for an id that is not a broker of the cluster
     */
    List<BrokerConfig> brokerConfigs(int brokerId);

    /** The broker settings changed at run time for the whole cluster (Kafka's dynamic cluster-wide defaults), by name. */
    List<BrokerConfig> clusterConfigs();
}
