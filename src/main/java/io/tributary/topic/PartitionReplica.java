package io.tributary.topic;

/**
 * A copy of a partition on a broker.
 *
 * @param leader true on the replica that takes the partition's writes and reads
 * @param inSync true while it has every record the leader acknowledged
 */
public record PartitionReplica(String topic, int partition, int brokerId, boolean leader, boolean inSync) {
}
