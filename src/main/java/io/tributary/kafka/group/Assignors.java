package io.tributary.kafka.group;

import io.tributary.consume.AssignmentStrategy;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.consumer.RoundRobinAssignor;

/**
 * Tributary's assignment strategies as Kafka's assignors of the classic group protocol. Sticky is Kafka's cooperative
 * sticky assignor: like Tributary's own hand-over, a member keeps reading the partitions it keeps during a rebalance.
 */
enum Assignors {
    RANGE(AssignmentStrategy.RANGE, "range", RangeAssignor.class),
    /** Also under kafkajs' name, so a group of kafkajs consumers can be joined (they offer nothing else). */
    ROUND_ROBIN(AssignmentStrategy.ROUND_ROBIN, "roundrobin", RoundRobinAssignor.class, KafkajsRoundRobinAssignor.class),
    STICKY(AssignmentStrategy.STICKY, "cooperative-sticky", CooperativeStickyAssignor.class);

    final AssignmentStrategy strategy;
    /** Kafka's {@code partition.assignment.strategy}: the assignors offered, the preferred first. */
    final List<Class<?>> assignors;
    /** The protocol name members announce when joining, and the group's {@code partitionAssignor} once chosen. */
    final String protocol;

    Assignors(AssignmentStrategy strategy, String protocol, Class<?>... assignors) {
        this.strategy = strategy;
        this.assignors = List.of(assignors);
        this.protocol = protocol;
    }

    /** The value of {@code partition.assignment.strategy}. */
    String classNames() {
        return String.join(",", assignors.stream().map(Class::getName).toList());
    }

    static Assignors of(AssignmentStrategy strategy) {
        return Arrays.stream(values()).filter(a -> a.strategy == strategy).findFirst().orElseThrow();
    }

    /** The strategy of a group's protocol, for groups whose members are Tributary's or Kafka's Java clients. */
    static Optional<AssignmentStrategy> ofProtocol(String protocol) {
        if (protocol == null || protocol.isBlank()) {
            return Optional.empty();
        }
        if (protocol.equals(KafkajsRoundRobinAssignor.PROTOCOL)) {
            return Optional.of(AssignmentStrategy.ROUND_ROBIN);
        }
        try {
            return Optional.of(AssignmentStrategy.named(protocol));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty(); // another client's assignor
        }
    }
}
