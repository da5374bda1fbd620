package io.tributary.web.security;

import io.tributary.common.AccessControl.Operation;

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
}
