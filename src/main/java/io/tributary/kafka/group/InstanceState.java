package io.tributary.kafka.group;

import io.tributary.consume.InstanceConfig;
import io.tributary.consume.Subscription;

import java.time.Instant;

/**
 * Everything that defines a consumer instance apart from its Kafka consumer's positions: enough to re-create it
 * elsewhere (a registry of instances shared by several nodes stores this).
 */
record InstanceState(String group, String id, InstanceConfig config, String clientHost, String owner,
                     Instant createdAt, Subscription subscription) {

    InstanceState with(Subscription next) {
        return new InstanceState(group, id, config, clientHost, owner, createdAt, next);
    }

    @Override
    public String toString() {
        return group + "/" + id;
    }
}
