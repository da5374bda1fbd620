package io.tributary.common.errors;

/** A consumer instance with that name exists in the group already. */
public final class ConsumerExistsException extends TributaryException {

    public ConsumerExistsException(String message) {
        super(message);
    }
}
