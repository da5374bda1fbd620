package io.tributary.log;

/** A batch larger than the topic's max.message.bytes. */
public final class RecordTooLargeException extends LogException {

    public RecordTooLargeException(String message) {
        super(message);
    }
}
