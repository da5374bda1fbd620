package io.tributary.log;

/** Base of everything the log engine throws on purpose. Unchecked: callers map these to protocol errors in one place. */
public abstract sealed class LogException extends RuntimeException
        permits TopicExistsException, UnknownTopicException, UnknownPartitionException, OffsetOutOfRangeException,
        RecordTooLargeException, InvalidRecordException, LogStorageException, CorruptRecordException {

    protected LogException(String message) {
        super(message);
    }

    protected LogException(String message, Throwable cause) {
        super(message, cause);
    }
}
