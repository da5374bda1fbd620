package io.tributary.acl;

import io.tributary.acl.AclBinding.Operation;
import io.tributary.acl.AclBinding.PatternType;
import io.tributary.acl.AclBinding.Permission;
import io.tributary.acl.AclBinding.ResourceType;
import io.tributary.common.AccessControl;
import io.tributary.common.errors.TributaryException;
import io.tributary.settings.TributaryProperties;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ACLs of {@code tributary.security.principals.<name>.acls} as Kafka bindings for {@code User:<name>}: a name is
 * literal, {@code prefix*} is PREFIXED {@code prefix}, {@code *} is Kafka's literal wildcard; {@code describe},
 * {@code produce}, {@code consume} and {@code admin} are DESCRIBE, WRITE, READ and ALL (docs/security.md).
 */
public final class ConfiguredAcls {

    private ConfiguredAcls() {
    }

    /** @throws IllegalArgumentException for an ACL that cannot be enforced, naming the principal: the service refuses to start */
    public static List<AclBinding> of(Map<String, TributaryProperties.Principal> principals) {
        Set<AclBinding> bindings = new LinkedHashSet<>();
        principals.forEach((name, principal) -> {
            for (TributaryProperties.Acl acl : principal.acls()) {
                try {
                    bindings.addAll(of(name, acl));
                } catch (IllegalArgumentException | TributaryException e) {
                    throw new IllegalArgumentException("tributary.security.principals." + name + ": " + e.getMessage(), e);
                }
            }
        });
        return List.copyOf(bindings);
    }

    static List<AclBinding> of(String principal, TributaryProperties.Acl acl) {
        if ((acl.topic() == null) == (acl.group() == null)) {
            throw new IllegalArgumentException("each ACL names exactly one of 'topic' or 'group'");
        }
        if (acl.operations().isEmpty()) {
            throw new IllegalArgumentException("the ACL on '" + (acl.topic() != null ? acl.topic() : acl.group())
                    + "' lists no operations");
        }
        ResourceType type = acl.topic() != null ? ResourceType.TOPIC : ResourceType.GROUP;
        String pattern = acl.topic() != null ? acl.topic() : acl.group();
        int star = pattern.indexOf('*');
        if (pattern.isBlank() || (star >= 0 && star != pattern.length() - 1)) {
            throw new IllegalArgumentException("invalid ACL name '" + pattern + "': a name, a prefix ending in '*', or '*'");
        }
        boolean prefixed = star > 0;
        String name = prefixed ? pattern.substring(0, star) : pattern;
        Permission permission = acl.permission() == TributaryProperties.Permission.DENY ? Permission.DENY : Permission.ALLOW;
        List<AclBinding> bindings = new ArrayList<>();
        for (AccessControl.Operation operation : acl.operations()) {
            AclBinding binding = new AclBinding(type, name, prefixed ? PatternType.PREFIXED : PatternType.LITERAL,
                    "User:" + principal, AclBinding.WILDCARD, operation(operation), permission);
            EnforceableAcls.require(binding);
            bindings.add(binding);
        }
        return bindings;
    }

    private static Operation operation(AccessControl.Operation operation) {
        return switch (operation) {
            case DESCRIBE -> Operation.DESCRIBE;
            case PRODUCE -> Operation.WRITE;
            case CONSUME -> Operation.READ;
            case ADMIN -> Operation.ALL;
        };
    }
}
