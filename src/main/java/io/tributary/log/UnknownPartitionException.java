package io.tributary.log;

/** No such partition of an existing topic. */
public final class UnknownPartitionException extends LogException {

    public UnknownPartitionException(String message) {
        super(message);
    }
}
