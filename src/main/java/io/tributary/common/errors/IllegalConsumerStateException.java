package io.tributary.common.errors;

/** The consumer cannot do this now: the partition is not its own, it has no position, its position moved. */
public final class IllegalConsumerStateException extends TributaryException {

    public IllegalConsumerStateException(String message) {
        super(message);
    }
}
