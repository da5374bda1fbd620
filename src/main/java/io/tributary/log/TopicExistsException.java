package io.tributary.log;

/** Topic already exists. */
public final class TopicExistsException extends LogException {

    public TopicExistsException(String message) {
        super(message);
    }
}
