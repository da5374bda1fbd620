package io.tributary.common.errors;

/** The topic does not exist. */
public final class UnknownTopicException extends TributaryException {

    public UnknownTopicException(String message) {
        super(message);
    }
}
