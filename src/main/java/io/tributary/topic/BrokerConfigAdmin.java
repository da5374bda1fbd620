package io.tributary.topic;

import java.util.Collection;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Changes broker configs at run time: one broker's, or the cluster-wide defaults every broker takes unless it has its
 * own (Kafka's dynamic broker configs; {@link ClusterTopology#clusterConfigs()} lists those set). The embedded
 * backend's broker settings are its configuration, read at start: it refuses every change, as a Kafka broker refuses
 * a config it cannot change while it runs; a Kafka backend changes its cluster's ({@code Admin#incrementalAlterConfigs}).
 */
public interface BrokerConfigAdmin {

    /**
     * Sets {@code changes} and deletes {@code resets} (back to the broker's own or built-in value), all or nothing;
     * with {@code validateOnly} nothing is changed.
     *
     * @param brokerId a broker, or empty for the cluster-wide defaults
     * @throws io.tributary.common.errors.NotFoundException for an id that is not a broker of the cluster
     * @throws io.tributary.common.errors.InvalidBrokerConfigException for a config that cannot change or a value it
     *         cannot take
     */
    void alter(OptionalInt brokerId, Map<String, String> changes, Collection<String> resets, boolean validateOnly);
}
