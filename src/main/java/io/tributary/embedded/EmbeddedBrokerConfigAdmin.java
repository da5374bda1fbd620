package io.tributary.embedded;

import io.tributary.common.errors.InvalidBrokerConfigException;
import io.tributary.topic.BrokerConfig;
import io.tributary.topic.BrokerConfigAdmin;
import io.tributary.topic.ClusterIdentity;
import io.tributary.topic.ClusterTopology;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.stereotype.Service;

/**
 * The embedded broker's configs cannot change while it runs: they are Tributary's configuration, read at start
 * ({@code is_read_only: true}). So every change of one is refused, as a Kafka broker refuses a config it cannot update
 * dynamically (InvalidRequestException "Cannot update these configs dynamically", 40002 through Confluent's proxy),
 * saying which setting to change instead; {@code validate_only} answers the same, since the change would fail. A reset
 * changes nothing and succeeds, as Kafka's reset of a config that has no run-time value. A name
 * that is no config of this broker changes nothing and is not refused, as Kafka takes a cluster-wide config it does not
 * know (Confluent checks one broker's config names before; see the controller).
 */
@Service
@ConditionalOnEmbeddedBackend
class EmbeddedBrokerConfigAdmin implements BrokerConfigAdmin {

    private final ClusterTopology topology;

    EmbeddedBrokerConfigAdmin(ClusterTopology topology) {
        this.topology = topology;
    }

    @Override
    public void alter(OptionalInt brokerId, Map<String, String> changes, Collection<String> resets, boolean validateOnly) {
        Set<String> known = topology.brokerConfigs(brokerId.orElse(ClusterIdentity.BROKER_ID)).stream()
                .map(BrokerConfig::name).collect(Collectors.toSet());
        // a reset changes nothing: no config has a run-time value to drop (Kafka answers such a delete with success)
        Set<String> readOnly = changes.keySet().stream().filter(known::contains)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        if (!readOnly.isEmpty()) {
            throw new InvalidBrokerConfigException("Cannot update these configs dynamically: " + readOnly + ". "
                    + readOnly.stream().map(EmbeddedBrokerConfigAdmin::where).collect(Collectors.joining(" ")));
        }
    }

    private static String where(String config) {
        return EmbeddedClusterTopology.settingOf(config)
                .map(setting -> config + " is " + setting + " in Tributary's configuration, read at start: change it "
                        + "there and restart.")
                .orElse(config + " is fixed in Tributary.");
    }
}
