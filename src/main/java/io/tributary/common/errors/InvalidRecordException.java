package io.tributary.common.errors;

/**
 * A record the topic's rules refuse, as Kafka's INVALID_RECORD: a record without a key produced to a compacted topic
 * (which keeps the latest record per key, so every record needs one).
 */
public final class InvalidRecordException extends TributaryException {

    public InvalidRecordException(String message) {
        super(message);
    }
}
