package io.tributary.common.errors;

/** A produce request whose records cannot be appended as given (none at all, say). */
public final class InvalidRecordsException extends TributaryException {

    public InvalidRecordsException(String message) {
        super(message);
    }
}
