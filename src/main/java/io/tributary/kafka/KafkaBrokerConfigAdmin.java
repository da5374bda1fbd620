package io.tributary.kafka;

import io.tributary.common.errors.InvalidBrokerConfigException;
import io.tributary.common.errors.InvalidConfigException;
import io.tributary.common.errors.InvalidRequestException;
import io.tributary.topic.BrokerConfigAdmin;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigsOptions;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.springframework.stereotype.Service;

/**
 * Changes the Kafka cluster's dynamic broker configs ({@code Admin#incrementalAlterConfigs} on a BROKER resource: a
 * broker's id, or the empty name for the cluster-wide defaults), as Confluent's REST Proxy does. Kafka's refusal of a
 * change (a config it cannot update dynamically, a value out of range) is {@link InvalidBrokerConfigException}, which
 * Confluent answers 40002. After a change this waits, at most the request timeout, until the brokers describe it, so
 * that the next read of the configs shows it.
 */
@Service
@ConditionalOnKafkaBackend
class KafkaBrokerConfigAdmin implements BrokerConfigAdmin {

    private final Admin admin;
    private final KafkaTopics topics;

    KafkaBrokerConfigAdmin(Admin admin, KafkaClients clients) {
        this.admin = admin;
        this.topics = new KafkaTopics(admin, clients.requestTimeout());
    }

    @Override
    public void alter(OptionalInt brokerId, Map<String, String> changes, Collection<String> resets, boolean validateOnly) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER,
                brokerId.isPresent() ? String.valueOf(brokerId.getAsInt()) : "");
        List<AlterConfigOp> ops = KafkaTopics.alterOps(changes, resets);
        if (ops.isEmpty()) {
            return;
        }
        String what = "alter the configs of " + (brokerId.isPresent() ? "broker " + brokerId.getAsInt() : "the cluster's brokers");
        try {
            topics.await(admin.incrementalAlterConfigs(Map.of(resource, ops), new AlterConfigsOptions().validateOnly(validateOnly))
                    .all(), what);
        } catch (InvalidRequestException | InvalidConfigException e) {
            throw new InvalidBrokerConfigException(e.getMessage());
        }
        if (!validateOnly) {
            ConfigEntry.ConfigSource dynamic = brokerId.isPresent() ? ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG
                    : ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG;
            topics.awaitUntil(() -> {
                Map<String, ConfigEntry> entries = topics.await(admin.describeConfigs(List.of(resource)).values().get(resource),
                        "describe the configs of broker '" + resource.name() + "'").entries().stream()
                        .filter(e -> e.source() == dynamic).collect(Collectors.toMap(ConfigEntry::name, Function.identity()));
                return changes.entrySet().stream().allMatch(c -> entries.containsKey(c.getKey())
                        && (entries.get(c.getKey()).isSensitive() || Objects.equals(entries.get(c.getKey()).value(), c.getValue())))
                        && resets.stream().noneMatch(entries::containsKey);
            });
        }
    }
}
