package io.tributary.topic;

import java.util.List;

/** An ongoing move of a partition's replicas: the brokers it is being copied to and those it will leave. */
public record Reassignment(String topic, int partition, List<Integer> addingReplicas, List<Integer> removingReplicas) {

    public Reassignment {
        addingReplicas = List.copyOf(addingReplicas);
        removingReplicas = List.copyOf(removingReplicas);
    }

    /** Nothing moving. */
    public static Reassignment none(String topic, int partition) {
        return new Reassignment(topic, partition, List.of(), List.of());
    }
}
