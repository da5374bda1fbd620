package io.tributary.kafka;

import io.tributary.topic.ClusterIdentity;

import java.time.Duration;

import org.apache.kafka.clients.admin.Admin;
import org.springframework.stereotype.Component;

/**
 * The Kafka cluster's own id, as {@code Admin#describeCluster} reports it: the id every node of Tributary shows, and
 * the one Kafka's tools show. Asked once; until the cluster has answered, v3 requests are answered 50003.
 */
@Component
@ConditionalOnKafkaBackend
class KafkaClusterIdentity implements ClusterIdentity {

    private final Admin admin;
    private final Duration timeout;
    private volatile String clusterId;

    KafkaClusterIdentity(Admin admin, KafkaClients clients) {
        this.admin = admin;
        this.timeout = clients.requestTimeout();
    }

    @Override
    public String clusterId() {
        String id = clusterId;
        if (id == null) {
            id = KafkaErrors.await(admin.describeCluster().clusterId(), timeout, "describe the cluster");
            clusterId = id;
        }
        return id;
    }
}
