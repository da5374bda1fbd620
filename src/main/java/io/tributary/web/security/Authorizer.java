package io.tributary.web.security;

import io.tributary.common.AccessControl.Operation;

import java.util.List;

/**
 * The one place where authorization is decided: may this principal do this operation on this topic or group? An
 * admin may do everything (as Kafka's super users, deny ACLs do not apply to it); anyone else needs an allow ACL
 * that matches the name and covers the operation, and no deny ACL that does: deny wins. Who asks:
 * {@link EndpointAuthorizationInterceptor} for resources named in the request path, {@link SecurityContextAccessControl}
 * for resources named in a body, for filtered lists and for the topics a pattern subscription may pick up.
 */
final class Authorizer {

    private Authorizer() {
    }

    static boolean allowed(TributaryPrincipal principal, ResourceType type, String name, Operation operation) {
        if (principal.isAdmin()) {
            return true;
        }
        boolean allowed = false;
        for (AclRule acl : principal.acls()) {
            if (acl.covers(operation) && acl.matches(type, name)) {
                if (acl.deny()) {
                    return false;
                }
                allowed = true;
            }
        }
        return allowed;
    }

    /**
     * May this principal do {@code operation} on some resource of {@code type}, existing or not: an allow ACL covers
     * it whose names are not all refused by one deny ACL. Several denies that only together refuse every name of an
     * allow (a prefix split up into denied prefixes) are not noticed; the answer is then yes, and each name is still
     * checked when used.
     */
    static boolean allowedOnSome(TributaryPrincipal principal, ResourceType type, Operation operation) {
        if (principal.isAdmin()) {
            return true;
        }
        List<AclRule> denies = principal.acls().stream().filter(acl -> acl.deny() && acl.covers(operation)).toList();
        return principal.acls().stream().anyMatch(allow -> !allow.deny() && allow.type() == type && allow.covers(operation)
                && denies.stream().noneMatch(deny -> deny.matchesAllOf(allow)));
    }
}
