package io.tributary.security;

import io.tributary.web.AccessControl;
import io.tributary.web.ApiException;
import io.tributary.web.ErrorCode;

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
    public void requireTopicPattern(String regex, Operation operation) {
        if (!Authorizer.allowedPattern(currentPrincipal(), regex, operation)) {
            throw new ApiException(ErrorCode.FORBIDDEN, "Principal '" + principalName() + "' is not allowed to "
                    + operation.name().toLowerCase(java.util.Locale.ROOT) + " on every topic that '" + regex + "' may match; "
                    + "a pattern needs an ACL on '*' or on a prefix the pattern starts with (e.g. 'payment-*' for "
                    + "'payment-.*'), or subscribe by topic names.");
        }
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
