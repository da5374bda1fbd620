package io.tributary.common.errors;

/** No consumer group with that id: it has no members and no committed offsets. */
public final class UnknownGroupException extends TributaryException {

    public UnknownGroupException(String message) {
        super(message);
    }
}
