package io.tributary.kafka;

import io.tributary.settings.TributaryProperties;
import io.tributary.support.KafkaCluster;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The Kafka backend's settings and clients against the test JVM's shared cluster, for tests that build ports directly. */
final class KafkaPorts {

    private KafkaPorts() {
    }

    static TributaryProperties properties(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("tributary.backend", "kafka");
        all.put("tributary.kafka.bootstrap-servers", KafkaCluster.shared().bootstrapServers());
        all.putIfAbsent("tributary.kafka.request-timeout", "20s");
        return new Binder(new MapConfigurationPropertySource(all)).bindOrCreate("tributary", TributaryProperties.class);
    }

    static KafkaClients clients(TributaryProperties properties) {
        return new KafkaClients(properties.kafka(), "test-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** A topic name no other test uses. */
    static String uniqueTopic(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates a topic with Kafka's own admin call, as another tool or node would. */
    static void createTopic(Admin admin, String topic, int partitions, int replicationFactor) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) replicationFactor))).all().get(30, TimeUnit.SECONDS);
    }

    /** Writes records with a plain Kafka producer (acks=all), to the partition given. */
    static void produce(KafkaClients clients, String topic, int partition, int count, long timestamp) throws Exception {
        try (var producer = clients.producer()) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, partition, timestamp + i, ("k" + i).getBytes(), ("v" + i).getBytes()))
                        .get(30, TimeUnit.SECONDS);
            }
        }
    }

    static Duration patience() {
        return Duration.ofSeconds(30);
    }
}
