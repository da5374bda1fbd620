package io.tributary.acl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.acl.AclBinding.Operation;
import io.tributary.acl.AclBinding.PatternType;
import io.tributary.acl.AclBinding.Permission;
import io.tributary.acl.AclBinding.ResourceType;
import io.tributary.common.errors.InvalidAclException;
import io.tributary.common.errors.InvalidRequestException;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Kafka's filter semantics, the bindings Kafka refuses and those Tributary would not enforce. */
class AclFilterTest {

    private static final AclBinding LITERAL = topic("orders", PatternType.LITERAL);
    private static final AclBinding WILDCARD = topic("*", PatternType.LITERAL);
    private static final AclBinding PREFIX = topic("ord", PatternType.PREFIXED);
    private static final AclBinding OTHER = topic("payments", PatternType.LITERAL);
    private static final List<AclBinding> ALL = List.of(LITERAL, WILDCARD, PREFIX, OTHER);

    @Test
    void matchFindsEveryBindingThatAppliesToAName() {
        var filter = new AclFilter(ResourceType.TOPIC, "orders", PatternType.MATCH, null, null, Operation.ANY, Permission.ANY);
        assertThat(ALL.stream().filter(filter::matches)).containsExactly(LITERAL, WILDCARD, PREFIX);
    }

    @Test
    void anyOtherPatternTypeMatchesTheNameExactly() {
        assertThat(ALL.stream().filter(new AclFilter(ResourceType.ANY, "ord", PatternType.ANY, null, null, Operation.ANY,
                Permission.ANY)::matches)).containsExactly(PREFIX);
        assertThat(ALL.stream().filter(new AclFilter(ResourceType.TOPIC, "ord", PatternType.LITERAL, null, null, Operation.ANY,
                Permission.ANY)::matches)).isEmpty();
        assertThat(ALL.stream().filter(AclFilter.ANY::matches)).containsExactlyElementsOf(ALL);
        assertThat(ALL.stream().filter(new AclFilter(ResourceType.GROUP, null, PatternType.ANY, null, null, Operation.ANY,
                Permission.ANY)::matches)).isEmpty();
        assertThat(ALL.stream().filter(new AclFilter(ResourceType.ANY, null, PatternType.ANY, "User:bob", null, Operation.ANY,
                Permission.ANY)::matches)).isEmpty();
        assertThat(ALL.stream().filter(AclFilter.of(OTHER)::matches)).containsExactly(OTHER);
    }

    @Test
    void filterOnlyValuesAndMissingFieldsAreRefused() {
        assertThatThrownBy(() -> new AclBinding(ResourceType.ANY, "t", PatternType.LITERAL, "User:a", "*", Operation.READ,
                Permission.ALLOW)).isInstanceOf(InvalidRequestException.class).hasMessageContaining("resource_type");
        assertThatThrownBy(() -> new AclBinding(ResourceType.TOPIC, "t", PatternType.MATCH, "User:a", "*", Operation.READ,
                Permission.ALLOW)).hasMessageContaining("pattern_type");
        assertThatThrownBy(() -> new AclBinding(ResourceType.TOPIC, "", PatternType.LITERAL, "User:a", "*", Operation.READ,
                Permission.ALLOW)).hasMessageContaining("resource_name");
        assertThatThrownBy(() -> new AclBinding(ResourceType.TOPIC, "t", PatternType.LITERAL, "alice", "*", Operation.READ,
                Permission.ALLOW)).hasMessageContaining("principal");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TRANSACTIONAL_ID:t:READ", "TOPIC:t:IDEMPOTENT_WRITE", "GROUP:g:WRITE", "GROUP:g:CREATE",
            "CLUSTER:kafka-cluster:ALTER", "CLUSTER:kafka-cluster:CLUSTER_ACTION", "CLUSTER:other:CREATE"})
    void aclsTributaryWouldIgnoreAreRefused(String spec) {
        String[] p = spec.split(":");
        var binding = new AclBinding(ResourceType.valueOf(p[0]), p[1], PatternType.LITERAL, "User:a", "*",
                Operation.valueOf(p[2]), Permission.ALLOW);
        assertThatThrownBy(() -> EnforceableAcls.require(binding)).isInstanceOf(InvalidAclException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Group:admins", "User:", "*"})
    void onlyUsersArePrincipals(String principal) {
        assertThatThrownBy(() -> EnforceableAcls.require(new AclBinding(ResourceType.TOPIC, "t", PatternType.LITERAL, principal,
                "*", Operation.READ, Permission.ALLOW))).isInstanceOf(io.tributary.common.errors.TributaryException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "example.com", "999.1.1.1", "10.0.0"})
    void hostsAreWildcardOrIpAddresses(String host) {
        assertThatThrownBy(() -> EnforceableAcls.require(new AclBinding(ResourceType.TOPIC, "t", PatternType.LITERAL, "User:a",
                host, Operation.READ, Permission.ALLOW))).isInstanceOf(InvalidAclException.class).hasMessageContaining("host");
    }

    @Test
    void enforceableAclsPass() {
        EnforceableAcls.require(new AclBinding(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL, "User:*", "::1",
                Operation.CREATE, Permission.ALLOW));
        EnforceableAcls.require(new AclBinding(ResourceType.GROUP, "g", PatternType.PREFIXED, "User:a", "10.1.2.3",
                Operation.READ, Permission.DENY));
        assertThat(AclBinding.isMatchableHost("fe80::1")).isTrue();
    }

    private static AclBinding topic(String name, PatternType pattern) {
        return new AclBinding(ResourceType.TOPIC, name, pattern, "User:alice", "*", Operation.READ, Permission.ALLOW);
    }
}
