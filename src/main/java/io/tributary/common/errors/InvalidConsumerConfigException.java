package io.tributary.common.errors;

/** A consumer instance setting that is unknown or out of range, or an invalid instance name. */
public final class InvalidConsumerConfigException extends TributaryException {

    public InvalidConsumerConfigException(String message) {
        super(message);
    }
}
