package io.tributary.web.security;

import io.tributary.acl.AclBinding;
import io.tributary.acl.Acls;
import io.tributary.common.AccessControl;
import io.tributary.web.ApiException;
import io.tributary.web.ErrorCode;

import java.util.function.Predicate;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * {@link AccessControl} for the principal Spring Security authenticated for the current request, from the client's
 * address, under the ACLs in force now ({@link Acls#snapshot()}: a change applies from the next request on).
 */
final class SecurityContextAccessControl implements AccessControl {

    private final Acls acls;

    SecurityContextAccessControl(Acls acls) {
        this.acls = acls;
    }

    @Override
    public String principalName() {
        return currentPrincipal().name();
    }

    @Override
    public boolean mayTopic(String topic, Operation operation) {
        return Authorizer.allowed(currentPrincipal(), acls.snapshot(), clientAddress(), ResourceType.TOPIC, topic, operation);
    }

    @Override
    public boolean mayGroup(String group, Operation operation) {
        return Authorizer.allowed(currentPrincipal(), acls.snapshot(), clientAddress(), ResourceType.GROUP, group, operation);
    }

    /** Kafka's {@code operation} on the cluster resource ({@code kafka-cluster}). */
    boolean mayCluster(Operation operation) {
        return Authorizer.allowed(currentPrincipal(), acls.snapshot(), clientAddress(), ResourceType.CLUSTER,
                AclBinding.CLUSTER_NAME, operation);
    }

    @Override
    public boolean mayAnyTopic(Operation operation) {
        return Authorizer.allowedOnSome(currentPrincipal(), acls.snapshot(), clientAddress(), ResourceType.TOPIC, operation);
    }

    @Override
    public boolean mayCreateTopic(String topic) {
        return Authorizer.mayCreateTopic(currentPrincipal(), acls.snapshot(), clientAddress(), topic);
    }

    /** Decided on each call under the ACLs in force then, for this principal at the address of this request. */
    @Override
    public Predicate<String> topicsAllowed(Operation operation) {
        TributaryPrincipal principal = currentPrincipal();
        String address = clientAddress();
        return topic -> Authorizer.allowed(principal, acls.snapshot(), address, ResourceType.TOPIC, topic, operation);
    }

    /** @throws ApiException 40101 when the request is not authenticated (Spring Security lets none through) */
    TributaryPrincipal currentPrincipal() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof TributaryPrincipal principal) {
            return principal;
        }
        throw new ApiException(ErrorCode.UNAUTHENTICATED, "Authentication required.");
    }

    /**
     * The client's IP address (behind a proxy, the one {@code server.forward-headers-strategy} takes from its headers);
     * null outside a request, when only ACLs for every host ({@code *}) apply.
     */
    private static String clientAddress() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        return attributes instanceof ServletRequestAttributes servlet ? servlet.getRequest().getRemoteAddr() : null;
    }
}
