package io.tributary.web.security;

import io.tributary.acl.AclBinding;
import io.tributary.acl.AclBinding.Permission;
import io.tributary.acl.AclSnapshot;
import io.tributary.common.AccessControl.Operation;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static io.tributary.acl.AclBinding.Operation.ALL;
import static io.tributary.acl.AclBinding.Operation.ALTER;
import static io.tributary.acl.AclBinding.Operation.ALTER_CONFIGS;
import static io.tributary.acl.AclBinding.Operation.CREATE;
import static io.tributary.acl.AclBinding.Operation.DELETE;
import static io.tributary.acl.AclBinding.Operation.DESCRIBE;
import static io.tributary.acl.AclBinding.Operation.DESCRIBE_CONFIGS;
import static io.tributary.acl.AclBinding.Operation.READ;
import static io.tributary.acl.AclBinding.Operation.WRITE;

/**
 * The one place where authorization is decided: may this principal, from this address, do this operation on this topic,
 * group or the cluster, under the ACLs in force now (Kafka's {@code AclBinding}s of {@code User:<name>} and
 * {@code User:*})? An admin may do everything (as Kafka's super users, deny ACLs do not apply to it). Anyone else needs
 * an ACL that allows it and none that denies it: deny wins. A LITERAL {@code *} names every resource, a PREFIXED one
 * every name starting with it; a host is {@code *} or the client's IP address.
 *
 * <p>Tributary's operations are coarser than Kafka's and map onto them conservatively ({@link #grants}): describe is
 * allowed by any Kafka operation that implies DESCRIBE in Kafka; produce needs WRITE, consume READ; admin (create,
 * delete, alter, configure) needs ALL, and a deny of any of its parts denies it; creating a topic needs CREATE or ALL
 * on the topic or on the cluster. Who asks: {@link EndpointAuthorizationInterceptor} for resources named in the request
 * path, {@link SecurityContextAccessControl} for those named in a body, filtered lists and pattern subscriptions.
 */
final class Authorizer {

    /** Which Kafka operations on a resource allow a Tributary operation, and which deny it. */
    record Grant(AclBinding.ResourceType type, Set<AclBinding.Operation> allowedBy, Set<AclBinding.Operation> deniedBy) {
    }

    private static final AclBinding.ResourceType TOPIC = AclBinding.ResourceType.TOPIC;
    private static final AclBinding.ResourceType GROUP = AclBinding.ResourceType.GROUP;
    private static final AclBinding.ResourceType CLUSTER = AclBinding.ResourceType.CLUSTER;

    /** Creating a topic: Kafka's CREATE on the topic or on the cluster. */
    static final List<Grant> CREATE_TOPIC = List.of(new Grant(TOPIC, EnumSet.of(CREATE, ALL), EnumSet.of(CREATE, ALL)),
            new Grant(CLUSTER, EnumSet.of(CREATE, ALL), EnumSet.of(CREATE, ALL)));

    private Authorizer() {
    }

    static List<Grant> grants(ResourceType type, Operation operation) {
        return switch (type) {
            case TOPIC -> List.of(switch (operation) {
                case DESCRIBE -> new Grant(TOPIC, EnumSet.of(DESCRIBE, READ, WRITE, DELETE, ALTER, DESCRIBE_CONFIGS,
                        ALTER_CONFIGS, ALL), EnumSet.of(DESCRIBE, DESCRIBE_CONFIGS, ALL));
                case PRODUCE -> new Grant(TOPIC, EnumSet.of(WRITE, ALL), EnumSet.of(WRITE, ALL));
                case CONSUME -> new Grant(TOPIC, EnumSet.of(READ, ALL), EnumSet.of(READ, ALL));
                case ADMIN -> new Grant(TOPIC, EnumSet.of(ALL), EnumSet.of(CREATE, DELETE, ALTER, ALTER_CONFIGS, ALL));
            });
            case GROUP -> switch (operation) {
                case DESCRIBE -> List.of(new Grant(GROUP, EnumSet.of(DESCRIBE, READ, DELETE, ALL), EnumSet.of(DESCRIBE, ALL)));
                case CONSUME -> List.of(new Grant(GROUP, EnumSet.of(READ, ALL), EnumSet.of(READ, ALL)));
                case ADMIN -> List.of(new Grant(GROUP, EnumSet.of(ALL), EnumSet.of(DELETE, ALL)));
                case PRODUCE -> List.of();
            };
            case CLUSTER -> operation == Operation.DESCRIBE
                    ? List.of(new Grant(CLUSTER, EnumSet.of(DESCRIBE, ALL), EnumSet.of(DESCRIBE, ALL)))
                    : List.of(); // changing ACLs: admins only
        };
    }

    static boolean allowed(TributaryPrincipal principal, AclSnapshot acls, String host, ResourceType type, String name,
                           Operation operation) {
        return decide(principal, acls, host, name, grants(type, operation));
    }

    static boolean mayCreateTopic(TributaryPrincipal principal, AclSnapshot acls, String host, String topic) {
        return decide(principal, acls, host, topic, CREATE_TOPIC);
    }

    private static boolean decide(TributaryPrincipal principal, AclSnapshot acls, String host, String name, List<Grant> grants) {
        if (principal.isAdmin()) {
            return true;
        }
        boolean allowed = false;
        for (AclBinding acl : acls.applicableTo(principal.kafkaPrincipal())) {
            if (!acl.matchesHost(host)) {
                continue;
            }
            for (Grant grant : grants) {
                if (!acl.matchesResource(grant.type(), grant.type() == CLUSTER ? AclBinding.CLUSTER_NAME : name)) {
                    continue;
                }
                if (acl.permission() == Permission.DENY && grant.deniedBy().contains(acl.operation())) {
                    return false;
                }
                allowed |= acl.permission() == Permission.ALLOW && grant.allowedBy().contains(acl.operation());
            }
        }
        return allowed;
    }

    /**
     * May this principal do {@code operation} on some topic or group, existing or not: an allow covers it whose names
     * are not all refused by one deny. For topics and {@link Operation#ADMIN} the question is whether it may create
     * topics at all (Kafka's CREATE on the cluster, or on some topic name). Several denies that only together refuse
     * every name of an allow (a prefix split up into denied prefixes) are not noticed; the answer is then yes, and
     * each name is still checked when used.
     */
    static boolean allowedOnSome(TributaryPrincipal principal, AclSnapshot acls, String host, ResourceType type,
                                 Operation operation) {
        if (principal.isAdmin()) {
            return true;
        }
        List<Grant> grants = type == ResourceType.TOPIC && operation == Operation.ADMIN ? CREATE_TOPIC : grants(type, operation);
        List<AclBinding> mine = acls.applicableTo(principal.kafkaPrincipal()).stream().filter(a -> a.matchesHost(host)).toList();
        boolean clusterDenied = grants.stream().anyMatch(g -> g.type() == CLUSTER && mine.stream().anyMatch(a ->
                a.resourceType() == CLUSTER && a.permission() == Permission.DENY && g.deniedBy().contains(a.operation())));
        if (clusterDenied) {
            return false;
        }
        for (Grant grant : grants) {
            for (AclBinding allow : mine) {
                if (allow.resourceType() != grant.type() || allow.permission() != Permission.ALLOW
                        || !grant.allowedBy().contains(allow.operation())) {
                    continue;
                }
                boolean refusedEverywhere = mine.stream().anyMatch(deny -> deny.permission() == Permission.DENY
                        && grant.deniedBy().contains(deny.operation()) && deny.namesAllOf(allow));
                if (!refusedEverywhere) {
                    return true;
                }
            }
        }
        return false;
    }
}
