package io.tributary.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.acl.AclBinding;
import io.tributary.acl.AclFilter;
import io.tributary.common.errors.AclsDisabledException;

import org.apache.kafka.common.errors.SecurityDisabledException;
import org.junit.jupiter.api.Test;

/** The Kafka backend's ACL mapping, without a cluster: bindings both ways, filters, and a cluster with no authorizer. */
class KafkaAclsTest {

    @Test
    void bindingsAndFiltersMapOntoKafkasOwn() {
        var binding = new AclBinding(AclBinding.ResourceType.TOPIC, "orders-", AclBinding.PatternType.PREFIXED, "User:alice",
                "10.0.0.1", AclBinding.Operation.DESCRIBE_CONFIGS, AclBinding.Permission.DENY);
        var kafka = KafkaAcls.toKafka(binding);
        assertThat(kafka.pattern().name()).isEqualTo("orders-");
        assertThat(kafka.entry().operation()).isEqualTo(org.apache.kafka.common.acl.AclOperation.DESCRIBE_CONFIGS);
        assertThat(KafkaAcls.fromKafka(kafka)).isEqualTo(binding);
        // Kafka's filter semantics are Kafka's own: the mapped filter matches as ours does
        var filter = new AclFilter(AclBinding.ResourceType.TOPIC, "orders-eu", AclBinding.PatternType.MATCH, null, null,
                AclBinding.Operation.ANY, AclBinding.Permission.ANY);
        assertThat(KafkaAcls.toKafka(filter).matches(kafka)).isTrue().isEqualTo(filter.matches(binding));
        assertThat(KafkaAcls.toKafka(AclFilter.ANY).matches(kafka)).isTrue();
    }

    @Test
    void aClusterWithoutAnAuthorizerIsAClearRefusal() {
        var error = KafkaErrors.translate(new SecurityDisabledException("No Authorizer is configured."), "list ACLs");
        assertThat(error).isInstanceOf(AclsDisabledException.class).hasMessageContaining("authorizer.class.name")
                .hasMessageContaining("list ACLs");
    }
}
