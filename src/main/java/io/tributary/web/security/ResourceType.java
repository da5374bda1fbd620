package io.tributary.web.security;

import io.tributary.acl.AclBinding;

/** What an authorization check is about: a topic or a group by name, or the one cluster. */
public enum ResourceType {
    TOPIC(AclBinding.ResourceType.TOPIC), GROUP(AclBinding.ResourceType.GROUP), CLUSTER(AclBinding.ResourceType.CLUSTER);

    private final AclBinding.ResourceType kafka;

    ResourceType(AclBinding.ResourceType kafka) {
        this.kafka = kafka;
    }

    AclBinding.ResourceType kafka() {
        return kafka;
    }
}
