package io.tributary.kafka;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The configs a topic gets when nothing is set for it: every topic config Kafka has, with the value the cluster would
 * give it now (its built-in default, or the brokers' {@code log.*} setting, static or dynamic). Kafka has no request
 * for exactly that, but a validate-only creation of a topic with no configs answers with it, resolved by the
 * controller itself, so no mapping of broker to topic config names is kept here to go out of date. Remembered for
 * {@link KafkaMetadata#FRESH_FOR}: a change of the brokers' defaults shows after that.
 */
final class KafkaTopicDefaults {

    private record Known(Map<String, String> configs, long fetchedAt) {
    }

    private final Admin admin;
    private final KafkaTopics topics;
    private volatile Known known;

    KafkaTopicDefaults(Admin admin, KafkaTopics topics) {
        this.admin = admin;
        this.topics = topics;
    }

    Map<String, String> configs() {
        Known current = known;
        if (current != null && System.nanoTime() - current.fetchedAt() < KafkaMetadata.FRESH_FOR.toNanos()) {
            return current.configs();
        }
        String probe = "tributary-defaults-probe-" + UUID.randomUUID(); // validate only: never created
        CreateTopicsResult result = admin.createTopics(List.of(new NewTopic(probe, Optional.empty(), Optional.empty())),
                new CreateTopicsOptions().validateOnly(true));
        Map<String, String> configs = Collections.unmodifiableSortedMap(KafkaTopics.values(
                topics.await(result.config(probe), "read the defaults of topic configs")));
        known = new Known(configs, System.nanoTime());
        return configs;
    }
}
