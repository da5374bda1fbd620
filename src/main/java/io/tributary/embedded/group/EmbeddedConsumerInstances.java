package io.tributary.embedded.group;

import io.tributary.consume.ConsumerInstance;
import io.tributary.consume.ConsumerInstances;
import io.tributary.consume.InstanceConfig;
import io.tributary.embedded.ConditionalOnEmbeddedBackend;

import org.springframework.stereotype.Component;

/** Consumer instances as members of this node's own consumer groups. */
@Component
@ConditionalOnEmbeddedBackend
class EmbeddedConsumerInstances implements ConsumerInstances {

    private final GroupCoordinator coordinator;
    private final RecordFetcher fetcher;

    EmbeddedConsumerInstances(GroupCoordinator coordinator, RecordFetcher fetcher) {
        this.coordinator = coordinator;
        this.fetcher = fetcher;
    }

    @Override
    public ConsumerInstance create(String group, String name, InstanceConfig config, String clientHost, String owner) {
        return new MemberInstance(coordinator, fetcher, coordinator.create(group, name, config, clientHost, owner));
    }

    @Override
    public ConsumerInstance instance(String group, String instance, String principal) {
        return new MemberInstance(coordinator, fetcher, coordinator.member(group, instance, principal));
    }
}
