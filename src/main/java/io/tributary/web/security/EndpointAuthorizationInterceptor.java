package io.tributary.web.security;

import io.tributary.acl.AclBinding;
import io.tributary.common.AccessControl;
import io.tributary.web.ApiErrorController;
import io.tributary.web.ApiException;
import io.tributary.web.ErrorCode;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.util.Map;
import java.util.Optional;

import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Before any Tributary controller runs: looks up what the endpoint needs ({@link EndpointPermissions}) and asks the
 * {@link Authorizer}; a refusal is 40301 through the one error mapping, and nothing of the request is done. Framework
 * handlers (OpenAPI document, OPTIONS) pass; Spring Security already required authentication for all but the
 * public paths.
 */
final class EndpointAuthorizationInterceptor implements HandlerInterceptor {

    private static final String OWN_PACKAGE = "io.tributary.";

    private final EndpointPermissions permissions;
    private final SecurityContextAccessControl access;

    EndpointAuthorizationInterceptor(EndpointPermissions permissions, SecurityContextAccessControl access) {
        this.permissions = permissions;
        this.access = access;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        // async and error dispatches continue a request that was checked when it came in
        if (request.getDispatcherType() != DispatcherType.REQUEST || !(handler instanceof HandlerMethod method)
                || !method.getBeanType().getName().startsWith(OWN_PACKAGE)) {
            return true;
        }
        if (method.getBeanType() == ApiErrorController.class) {
            return true; // answers only error bodies
        }
        String pattern = (String) request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        Optional<EndpointPermissions.Rule> rule = permissions.rule(request.getMethod(), pattern);
        if (rule.isEmpty()) {
            if (access.currentPrincipal().isAdmin()) {
                return true;
            }
            throw new ApiException(ErrorCode.FORBIDDEN, "Endpoint " + request.getMethod() + " " + pattern
                    + " has no access rule; only admins may use it.");
        }
        EndpointPermissions.Rule needs = rule.get();
        if (needs instanceof EndpointPermissions.OnResource on) {
            @SuppressWarnings("unchecked")
            Map<String, String> variables = (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
            String name = variables.get(on.variable());
            switch (on.type()) {
                case TOPIC -> access.requireTopic(name, on.operation());
                case GROUP -> access.requireGroup(name, on.operation());
                case CLUSTER -> requireCluster(on.operation());
            }
        } else if (needs instanceof EndpointPermissions.OnCluster on) {
            requireCluster(on.operation());
        } else if (needs instanceof EndpointPermissions.AdminOnly && !access.currentPrincipal().isAdmin()) {
            throw new ApiException(ErrorCode.FORBIDDEN, "Principal '" + access.principalName()
                    + "' is not allowed to " + request.getMethod() + " " + pattern + ": only admins are.");
        }
        return true;
    }

    private void requireCluster(AccessControl.Operation operation) {
        if (!access.mayCluster(operation)) {
            throw access.denied(operation, "cluster", AclBinding.CLUSTER_NAME);
        }
    }
}
