package io.tributary.web.security;

import org.springframework.security.core.AuthenticationException;

/** Every credential check slot is taken (tributary.security.max-concurrent-credential-checks): answered 42901. */
final class CredentialChecksBusy extends AuthenticationException {

    CredentialChecksBusy() {
        super("Too many credential checks are running; retry in a moment. (Clients authenticated before are not "
                + "affected.)");
    }
}
