package io.tributary.common.errors;

/** The caller's principal may not do this operation on this resource. */
public final class AuthorizationException extends TributaryException {

    public AuthorizationException(String message) {
        super(message);
    }
}
