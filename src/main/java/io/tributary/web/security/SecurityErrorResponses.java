package io.tributary.web.security;

import io.tributary.web.ApiException;
import io.tributary.web.ErrorCode;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Spring Security's failures as api.md answers, through the one error mapping ({@code ApiExceptionHandler}): 401/40101
 * with the {@code WWW-Authenticate} challenges (42901 when credential checks are saturated), 403/40301, and 400 for
 * requests the firewall rejects.
 */
final class SecurityErrorResponses {

    private final HandlerExceptionResolver errors;
    private final String realm;

    SecurityErrorResponses(HandlerExceptionResolver errors, String realm) {
        this.errors = errors;
        this.realm = realm;
    }

    AuthenticationEntryPoint unauthenticated() {
        return (request, response, e) -> {
            if (e instanceof CredentialChecksBusy) {
                response.setHeader(HttpHeaders.RETRY_AFTER, "1");
                respond(request, response, new ApiException(ErrorCode.TOO_MANY_REQUESTS, e.getMessage()), 429);
                return;
            }
            // a script (the console) asks for credentials itself: a Basic challenge would pop up the browser's dialog
            if (!"XMLHttpRequest".equals(request.getHeader("X-Requested-With"))) {
                response.addHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + realm + "\", charset=\"UTF-8\"");
            }
            response.addHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + realm + "\"");
            respond(request, response, new ApiException(ErrorCode.UNAUTHENTICATED, message(e)), 401);
        };
    }

    AccessDeniedHandler denied() {
        return (request, response, e) -> respond(request, response, new ApiException(ErrorCode.FORBIDDEN,
                "Principal '" + (request.getUserPrincipal() == null ? "?" : request.getUserPrincipal().getName())
                        + "' is not allowed to use " + request.getRequestURI() + "."), 403);
    }

    RequestRejectedHandler rejected() {
        return (request, response, e) -> respond(request, response,
                new ApiException(ErrorCode.BAD_REQUEST, "Request rejected: " + e.getMessage()), 400);
    }

    private static String message(AuthenticationException e) {
        return e instanceof BadCredentialsException
                ? "Invalid credentials."
                : "Authentication required: send HTTP Basic credentials or an API key (X-API-Key or Authorization: Bearer).";
    }

    private void respond(HttpServletRequest request, HttpServletResponse response, ApiException error, int fallbackStatus)
            throws IOException {
        if (errors.resolveException(request, response, null, error) == null && !response.isCommitted()) {
            response.sendError(fallbackStatus);
        }
    }
}
