package io.tributary.web.security;

import java.util.List;
import java.util.Optional;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** Checks HTTP Basic credentials and API keys against the {@link CredentialStore}. */
final class CredentialAuthenticationProvider implements AuthenticationProvider {

    private final CredentialStore credentials;

    CredentialAuthenticationProvider(CredentialStore credentials) {
        this.credentials = credentials;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        Optional<TributaryPrincipal> principal = authentication instanceof ApiKeyAuthentication key
                ? credentials.apiKey(key.key())
                : credentials.basic(authentication.getName(), String.valueOf(authentication.getCredentials()));
        return principal.map(CredentialAuthenticationProvider::authenticated)
                .orElseThrow(() -> new BadCredentialsException("Invalid credentials."));
    }

    private static Authentication authenticated(TributaryPrincipal principal) {
        // roles as authorities: Spring's role checks (actuator, health details) look for ROLE_<name>
        List<SimpleGrantedAuthority> authorities = principal.roles().stream()
                .map(role -> new SimpleGrantedAuthority("ROLE_" + role.name())).toList();
        return UsernamePasswordAuthenticationToken.authenticated(principal, null, authorities);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return ApiKeyAuthentication.class.isAssignableFrom(authentication)
                || UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
