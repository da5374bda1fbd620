package io.tributary.acl;

import io.tributary.acl.AclBinding.Operation;
import io.tributary.acl.AclBinding.PatternType;
import io.tributary.acl.AclBinding.ResourceType;
import io.tributary.common.errors.InvalidAclException;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The ACLs Tributary's own authorizer enforces, and the refusal of every other: an ACL that would be stored and then
 * silently ignored misleads whoever created it. Resources: topics, groups and the cluster; on each, the operations
 * Kafka defines for it that mean something here; principals {@code User:<name>} and {@code User:*}; hosts {@code *}
 * and IP addresses (Kafka matches nothing else).
 */
public final class EnforceableAcls {

    private static final Map<ResourceType, Set<Operation>> OPERATIONS = Map.of(
            ResourceType.TOPIC, EnumSet.of(Operation.ALL, Operation.READ, Operation.WRITE, Operation.CREATE,
                    Operation.DELETE, Operation.ALTER, Operation.DESCRIBE, Operation.DESCRIBE_CONFIGS, Operation.ALTER_CONFIGS),
            ResourceType.GROUP, EnumSet.of(Operation.ALL, Operation.READ, Operation.DESCRIBE, Operation.DELETE),
            ResourceType.CLUSTER, EnumSet.of(Operation.ALL, Operation.CREATE, Operation.DESCRIBE));

    private EnforceableAcls() {
    }

    /** @throws InvalidAclException naming what is wrong with {@code binding} and what is accepted instead */
    public static void require(AclBinding binding) {
        Set<Operation> operations = OPERATIONS.get(binding.resourceType());
        if (operations == null) {
            throw new InvalidAclException("Tributary enforces ACLs on TOPIC, GROUP and CLUSTER resources only; an ACL on "
                    + binding.resourceType() + " would have no effect.");
        }
        if (!operations.contains(binding.operation())) {
            throw new InvalidAclException("Operation " + binding.operation() + " means nothing on a " + binding.resourceType()
                    + " here; use one of " + operations + ".");
        }
        if (binding.resourceType() == ResourceType.CLUSTER
                && (!binding.resourceName().equals(AclBinding.CLUSTER_NAME) || binding.patternType() != PatternType.LITERAL)) {
            throw new InvalidAclException("The only valid name for the CLUSTER resource is " + AclBinding.CLUSTER_NAME
                    + " (pattern_type LITERAL).");
        }
        if (!binding.principal().startsWith("User:") || binding.principal().length() == "User:".length()) {
            throw new InvalidAclException("Tributary's principals are users: give User:<name> or User:*, not '"
                    + binding.principal() + "'.");
        }
        if (!AclBinding.isMatchableHost(binding.host())) {
            throw new InvalidAclException("host must be '*' or an IP address (Kafka matches no host names); got '"
                    + binding.host() + "'.");
        }
    }
}
