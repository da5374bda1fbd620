package io.tributary.common.errors;

/** A record, or a request's record count, is larger than the topic or the service accepts. */
public final class RecordTooLargeException extends TributaryException {

    public RecordTooLargeException(String message) {
        super(message);
    }
}
