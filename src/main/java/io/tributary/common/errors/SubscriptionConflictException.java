package io.tributary.common.errors;

/** Subscribing and assigning partitions by hand do not mix on one consumer instance. */
public final class SubscriptionConflictException extends TributaryException {

    public SubscriptionConflictException(String message) {
        super(message);
    }
}
