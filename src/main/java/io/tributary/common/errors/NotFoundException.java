package io.tributary.common.errors;

/** Something else named in the request does not exist: a cluster, a config, a lag entry. */
public final class NotFoundException extends TributaryException {

    public NotFoundException(String message) {
        super(message);
    }
}
