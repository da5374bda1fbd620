package io.tributary.topic;

import java.util.Map;

/**
 * A validated topic creation request.
 *
 * @param replicationFactor how many brokers hold each partition; {@link #DEFAULT_REPLICATION_FACTOR} leaves it to the
 *                          cluster (a backend that knows its default puts it here when it validates)
 * @param configs           the configs set for it (the others take the defaults)
 */
public record NewTopic(String name, int partitions, int replicationFactor, Map<String, String> configs) {

    /** Kafka's "the broker's default.replication.factor". */
    public static final int DEFAULT_REPLICATION_FACTOR = -1;

    public NewTopic {
        configs = Map.copyOf(configs);
    }
}
