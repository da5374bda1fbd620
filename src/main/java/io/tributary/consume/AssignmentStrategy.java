package io.tributary.consume;

import java.util.Locale;

/**
 * How a group shares partitions among its members ({@code partition.assignment.strategy}), with the results of
 * Kafka's assignors of the same name.
 */
public enum AssignmentStrategy {
    RANGE("range", "org.apache.kafka.clients.consumer.RangeAssignor"),
    ROUND_ROBIN("roundrobin", "org.apache.kafka.clients.consumer.RoundRobinAssignor"),
    STICKY("sticky", "org.apache.kafka.clients.consumer.StickyAssignor");

    private final String externalName;
    private final String kafkaClassName;

    AssignmentStrategy(String externalName, String kafkaClassName) {
        this.externalName = externalName;
        this.kafkaClassName = kafkaClassName;
    }

    /** The short name users pass in {@code partition.assignment.strategy} and see in group descriptions. */
    public String externalName() {
        return externalName;
    }

    /** The Kafka consumer's class name of the equivalent assignor. */
    public String kafkaClassName() {
        return kafkaClassName;
    }

    /**
     * The strategy for a name: {@code range}, {@code roundrobin}, {@code sticky}, or a Kafka assignor class name
     * ({@code cooperative-sticky} and {@code CooperativeStickyAssignor} mean sticky: Tributary's hand-over is always
     * cooperative).
     *
     * @throws IllegalArgumentException for anything else
     */
    public static AssignmentStrategy named(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        n = n.substring(n.lastIndexOf('.') + 1).replace("-", "").replace("_", "");
        return switch (n) {
            case "range", "rangeassignor" -> RANGE;
            case "roundrobin", "roundrobinassignor" -> ROUND_ROBIN;
            case "sticky", "stickyassignor", "cooperativesticky", "cooperativestickyassignor" -> STICKY;
            default -> throw new IllegalArgumentException("Unknown partition.assignment.strategy '" + name
                    + "': expected range, roundrobin or sticky");
        };
    }
}
