package io.tributary.web.security;

import io.tributary.settings.TributaryProperties.Role;

import java.util.Set;

import org.springframework.security.core.AuthenticatedPrincipal;

/**
 * An authenticated client: its name and roles, as configured under {@code tributary.security.principals}. Its ACLs are
 * those of {@link #kafkaPrincipal()} in force at the time of each request (the {@code acl} port).
 */
record TributaryPrincipal(String name, Set<Role> roles) implements AuthenticatedPrincipal {

    TributaryPrincipal {
        roles = Set.copyOf(roles);
    }

    @Override
    public String getName() {
        return name;
    }

    boolean isAdmin() {
        return roles.contains(Role.ADMIN);
    }

    /** {@code User:<name>}, as Kafka names the principal in ACLs. */
    String kafkaPrincipal() {
        return "User:" + name;
    }
}
