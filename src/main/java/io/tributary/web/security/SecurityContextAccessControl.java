package io.tributary.web.security;

import io.tributary.common.AccessControl;
import io.tributary.web.ApiException;
import io.tributary.web.ErrorCode;

import java.util.function.Predicate;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** {@link AccessControl} for the principal Spring Security authenticated for the current request. */
final class SecurityContextAccessControl implements AccessControl {

    @Override
    public String principalName() {
        return currentPrincipal().name();
    }

    @Override
    public boolean mayTopic(String topic, Operation operation) {
        return Authorizer.allowed(currentPrincipal(), ResourceType.TOPIC, topic, operation);
    }

    @Override
    public boolean mayGroup(String group, Operation operation) {
        return Authorizer.allowed(currentPrincipal(), ResourceType.GROUP, group, operation);
    }

    @Override
    public boolean mayAnyTopic(Operation operation) {
        return Authorizer.allowedOnSome(currentPrincipal(), ResourceType.TOPIC, operation);
    }

    @Override
    public Predicate<String> topicsAllowed(Operation operation) {
        TributaryPrincipal principal = currentPrincipal();
        return topic -> Authorizer.allowed(principal, ResourceType.TOPIC, topic, operation);
    }

    /** @throws ApiException 40101 when the request is not authenticated (Spring Security lets none through) */
    TributaryPrincipal currentPrincipal() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof TributaryPrincipal principal) {
            return principal;
        }
        throw new ApiException(ErrorCode.UNAUTHENTICATED, "Authentication required.");
    }
}
