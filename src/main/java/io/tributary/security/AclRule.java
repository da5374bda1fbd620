package io.tributary.security;

import io.tributary.web.AccessControl.Operation;

import java.util.Set;

/**
 * Operations allowed on the resources whose name matches {@code pattern}: a literal name, a prefix ending in
 * {@code *} ({@code payment-*}), or {@code *} for all, as Kafka's literal and prefixed ACLs.
 */
record AclRule(ResourceType type, String pattern, Set<Operation> operations) {

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

    boolean isPrefixed() {
        return pattern.endsWith(WILDCARD);
    }

    /** The prefix of a prefixed rule ("" for {@code *}). */
    String prefix() {
        return pattern.substring(0, pattern.length() - 1);
    }

    boolean matches(String name) {
        return isPrefixed() ? name.startsWith(prefix()) : pattern.equals(name);
    }

    /** Any operation listed implies describe, as in Kafka. */
    boolean allows(Operation operation) {
        return operation == Operation.DESCRIBE || operations.contains(operation);
    }
}
