package io.tributary.web.security;

import jakarta.servlet.http.HttpServletRequest;

import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationConverter;

/** An API key presented in {@code X-API-Key} or {@code Authorization: Bearer <key>}, not yet verified. */
final class ApiKeyAuthentication extends AbstractAuthenticationToken {

    static final String HEADER = "X-API-Key";
    private static final String BEARER = "bearer ";

    private final String key;

    private ApiKeyAuthentication(String key) {
        super(List.of());
        this.key = key;
    }

    String key() {
        return key;
    }

    @Override
    public Object getCredentials() {
        return key;
    }

    @Override
    public Object getPrincipal() {
        return null;
    }

    /** Reads the key from a request; null when it carries none (then other ways to authenticate apply). */
    static final AuthenticationConverter CONVERTER = ApiKeyAuthentication::from;

    private static Authentication from(HttpServletRequest request) {
        String key = request.getHeader(HEADER);
        if (key == null) {
            String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
            if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                key = authorization.substring(BEARER.length());
            }
        }
        return key == null ? null : new ApiKeyAuthentication(key.strip());
    }
}
