package io.tributary.common.errors;

/** A topic name that breaks Kafka's naming rules. */
public final class InvalidTopicException extends TributaryException {

    public InvalidTopicException(String message) {
        super(message);
    }
}
