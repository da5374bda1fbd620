package io.tributary.log;

/** Stored bytes that fail their checksum or cannot be decoded; never served to readers. */
public final class CorruptRecordException extends LogException {

    public CorruptRecordException(String message) {
        super(message);
    }
}
