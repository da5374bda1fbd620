package io.tributary.web.security;

import io.tributary.settings.TributaryProperties.Role;

import java.util.List;
import java.util.Set;

import org.springframework.security.core.AuthenticatedPrincipal;

/** An authenticated client: its name, roles and ACLs, as configured under {@code tributary.security.principals}. */
record TributaryPrincipal(String name, Set<Role> roles, List<AclRule> acls) implements AuthenticatedPrincipal {

    TributaryPrincipal {
        roles = Set.copyOf(roles);
        acls = List.copyOf(acls);
    }

    @Override
    public String getName() {
        return name;
    }

    boolean isAdmin() {
        return roles.contains(Role.ADMIN);
    }
}
