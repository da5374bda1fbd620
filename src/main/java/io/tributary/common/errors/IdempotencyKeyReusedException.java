package io.tributary.common.errors;

/** An Idempotency-Key sent again with other records than the first time; nothing of the request is appended. */
public final class IdempotencyKeyReusedException extends TributaryException {

    public IdempotencyKeyReusedException(String message) {
        super(message);
    }
}
