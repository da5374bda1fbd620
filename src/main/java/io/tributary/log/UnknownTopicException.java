package io.tributary.log;

/** No such topic. */
public final class UnknownTopicException extends LogException {

    public UnknownTopicException(String message) {
        super(message);
    }
}
