package io.tributary.common.errors;

/** Stored data failed its checksum; it is not served. */
public final class CorruptRecordException extends TributaryException {

    public CorruptRecordException(String message) {
        super(message);
    }
}
