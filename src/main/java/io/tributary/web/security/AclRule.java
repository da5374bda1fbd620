package io.tributary.web.security;

import io.tributary.common.AccessControl.Operation;

import java.util.Set;

/**
 * Operations allowed, or with {@code deny} refused, on the resources whose name matches {@code pattern}: a literal
 * name, a prefix ending in {@code *} ({@code payment-*}), or {@code *} for all, as Kafka's literal and prefixed ACLs.
 */
record AclRule(ResourceType type, String pattern, Set<Operation> operations, boolean deny) {

    static final String WILDCARD = "*";

    AclRule {
        if (pattern == null || pattern.isBlank() || (pattern.indexOf('*') >= 0 && pattern.indexOf('*') != pattern.length() - 1)) {
            throw new IllegalArgumentException("Invalid ACL name '" + pattern + "': a name, a prefix ending in '*', or '*'.");
        }
        if (operations.isEmpty()) {
            throw new IllegalArgumentException("The ACL on " + type.label() + " '" + pattern + "' lists no operations.");
        }
        operations = Set.copyOf(operations);
    }

    static AclRule allow(ResourceType type, String pattern, Set<Operation> operations) {
        return new AclRule(type, pattern, operations, false);
    }

    static AclRule deny(ResourceType type, String pattern, Set<Operation> operations) {
        return new AclRule(type, pattern, operations, true);
    }

    boolean matches(ResourceType type, String name) {
        if (this.type != type) {
            return false;
        }
        return pattern.endsWith(WILDCARD) ? name.startsWith(pattern.substring(0, pattern.length() - 1)) : pattern.equals(name);
    }

    /** Whether every name {@code other} matches, this rule matches too. */
    boolean matchesAllOf(AclRule other) {
        if (!other.pattern.endsWith(WILDCARD)) {
            return matches(other.type, other.pattern);
        }
        String otherPrefix = other.pattern.substring(0, other.pattern.length() - 1);
        return type == other.type && pattern.endsWith(WILDCARD)
                && otherPrefix.startsWith(pattern.substring(0, pattern.length() - 1));
    }

    /**
     * Whether the rule speaks about {@code operation}. An allow of any operation implies describe, as in Kafka; a deny
     * refuses exactly the operations it lists.
     */
    boolean covers(Operation operation) {
        return operations.contains(operation) || (!deny && operation == Operation.DESCRIBE);
    }
}
