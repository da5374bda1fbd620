package io.tributary.kafka;

import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * {@code kafka} in {@code /actuator/health}: UP while the cluster answers with a controller and brokers, DOWN while it
 * does not (and UP again once it does, with no restart). Bounded by its own short timeout, so a health probe never
 * waits for the request timeout.
 */
@Component("kafka")
@ConditionalOnKafkaBackend
class KafkaHealthIndicator extends AbstractHealthIndicator {

    private static final int TIMEOUT_MS = 3000;

    private final Admin admin;
    private final String bootstrapServers;

    KafkaHealthIndicator(Admin admin, io.tributary.settings.TributaryProperties properties) {
        super("Kafka health check failed");
        this.admin = admin;
        this.bootstrapServers = properties.kafka().bootstrapServers();
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        builder.withDetail("bootstrapServers", bootstrapServers);
        DescribeClusterResult cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS));
        builder.withDetail("clusterId", cluster.clusterId().get(TIMEOUT_MS, TimeUnit.MILLISECONDS))
                .withDetail("brokers", cluster.nodes().get(TIMEOUT_MS, TimeUnit.MILLISECONDS).size());
        var controller = cluster.controller().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        if (controller == null || controller.isEmpty()) {
            builder.down().withDetail("error", "the cluster has no active controller");
            return;
        }
        builder.up().withDetail("controller", controller.id());
    }
}
