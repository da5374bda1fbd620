package io.tributary.common.errors;

/** A topic with that name exists already. */
public final class TopicExistsException extends TributaryException {

    public TopicExistsException(String message) {
        super(message);
    }
}
