package io.tributary.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.support.HttpTestSupport;
import io.tributary.support.KafkaCluster;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The service with {@code tributary.backend=kafka}: it starts over a real cluster and keeps nothing on disk. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class KafkaBackendStartIT extends HttpTestSupport {

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("tributary.backend", () -> "kafka");
        registry.add("tributary.kafka.bootstrap-servers", () -> KafkaCluster.shared().bootstrapServers());
    }

    @Test
    void healthReportsTheKafkaClusterAndNoLogDirectory() {
        var health = http().get("/actuator/health").json();
        assertThat(health.get("status").asString()).isEqualTo("UP");
        assertThat(health.get("components").has("kafka")).isTrue();
        assertThat(health.get("components").get("kafka").get("details").get("brokers").asInt()).isEqualTo(3);
        assertThat(health.get("components").has("logDirectory")).isFalse();
        assertThat(health.get("components").has("db")).isFalse();
    }
}
