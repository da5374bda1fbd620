package io.tributary.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.support.KafkaCluster;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class KafkaClusterSmokeIT {

    @Test
    void theSharedClusterHasThreeBrokersThatReplicateATopic() throws Exception {
        KafkaCluster cluster = KafkaCluster.shared();
        try (Admin admin = cluster.admin()) {
            assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(3);
            admin.createTopics(List.of(new NewTopic("smoke", 2, (short) 3))).all().get(30, TimeUnit.SECONDS);
            // the broker asked may not have the new topic's metadata yet: it answers "unknown topic" until it does
            var description = await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(
                    () -> admin.describeTopics(List.of("smoke")).allTopicNames().get(30, TimeUnit.SECONDS).get("smoke"),
                    d -> d != null);
            assertThat(description.partitions()).hasSize(2).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
        }
    }
}
