package io.tributary.common.errors;

/** A parameter or position that cannot be served: an offset past the end, an unusable group id. */
public final class InvalidRequestException extends TributaryException {

    public InvalidRequestException(String message) {
        super(message);
    }
}
