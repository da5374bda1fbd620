package io.tributary.common.errors;

/** A partition count or replication factor that cannot be had: out of range, or a decrease. */
public final class InvalidPartitionsException extends TributaryException {

    public InvalidPartitionsException(String message) {
        super(message);
    }
}
