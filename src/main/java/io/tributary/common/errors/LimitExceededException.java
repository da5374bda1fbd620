package io.tributary.common.errors;

/** A configured limit is reached (instances, waiting fetches, topics, partitions); retry later or raise it. */
public final class LimitExceededException extends TributaryException {

    public LimitExceededException(String message) {
        super(message);
    }
}
