package io.tributary.web.cluster;

import io.tributary.consume.InstanceDirectory;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Any node takes any request: one for a consumer instance that another live node holds is forwarded there
 * ({@link RequestForwarder}) and its answer streamed back; everything else, and every request that was forwarded to
 * this node already (it carries {@link RequestForwarder#HOP_HEADER}), is served here. So a request makes at most one
 * hop, even while two nodes disagree for a moment about who holds an instance.
 *
 * <p>Runs after authentication (Spring Security's filters come first), so a request without valid credentials is
 * answered 401 here and costs the holder nothing; the holder authenticates the forwarded credentials again and checks
 * the ACLs, as for any request.
 */
final class InstanceForwardingFilter extends OncePerRequestFilter {

    private final InstanceDirectory directory;
    private final RequestForwarder forwarder;
    private final HandlerExceptionResolver errors;

    InstanceForwardingFilter(InstanceDirectory directory, RequestForwarder forwarder, HandlerExceptionResolver errors) {
        this.directory = directory;
        this.forwarder = forwarder;
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<InstanceRequests.Target> target = request.getHeader(RequestForwarder.HOP_HEADER) != null ? Optional.empty()
                : InstanceRequests.target(request.getRequestURI().substring(request.getContextPath().length()));
        if (target.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        InstanceDirectory.Location location;
        try {
            location = directory.locate(target.get().group(), target.get().instance());
        } catch (RuntimeException e) {
            errors.resolveException(request, response, null, e); // the registry could not be read: 50003
            return;
        }
        if (location instanceof InstanceDirectory.Location.Elsewhere elsewhere) {
            forwarder.forward(request, response, elsewhere.node());
        } else {
            chain.doFilter(request, response);
        }
    }
}
