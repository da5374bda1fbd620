package io.tributary.common.errors;

/** No consumer instance (or group member) with that id: never created, deleted, or expired. */
public final class UnknownConsumerException extends TributaryException {

    public UnknownConsumerException(String message) {
        super(message);
    }
}
