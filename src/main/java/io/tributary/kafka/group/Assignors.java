package io.tributary.kafka.group;

import io.tributary.consume.AssignmentStrategy;

import java.util.Arrays;
import java.util.Optional;

import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.consumer.RoundRobinAssignor;

/**
 * Tributary's assignment strategies as Kafka's assignors of the classic group protocol. Sticky is Kafka's cooperative
 * sticky assignor: like Tributary's own hand-over, a member keeps reading the partitions it keeps during a rebalance.
 */
enum Assignors {
    RANGE(AssignmentStrategy.RANGE, RangeAssignor.class, "range"),
    ROUND_ROBIN(AssignmentStrategy.ROUND_ROBIN, RoundRobinAssignor.class, "roundrobin"),
    STICKY(AssignmentStrategy.STICKY, CooperativeStickyAssignor.class, "cooperative-sticky");

    final AssignmentStrategy strategy;
    final Class<?> assignor;
    /** The protocol name members announce when joining, and the group's {@code partitionAssignor} once chosen. */
    final String protocol;

    Assignors(AssignmentStrategy strategy, Class<?> assignor, String protocol) {
        this.strategy = strategy;
        this.assignor = assignor;
        this.protocol = protocol;
    }

    static Assignors of(AssignmentStrategy strategy) {
        return Arrays.stream(values()).filter(a -> a.strategy == strategy).findFirst().orElseThrow();
    }

    /** The strategy of a group's protocol, for groups whose members are Tributary's or Kafka's Java clients. */
    static Optional<AssignmentStrategy> ofProtocol(String protocol) {
        if (protocol == null || protocol.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(AssignmentStrategy.named(protocol));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty(); // another client's assignor (kafkajs' RoundRobinAssigner, ...)
        }
    }
}
