package io.tributary.common.errors;

/** The topic exists but has no partition with that number. */
public final class UnknownPartitionException extends TributaryException {

    public UnknownPartitionException(String message) {
        super(message);
    }
}
