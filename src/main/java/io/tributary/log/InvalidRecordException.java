package io.tributary.log;

/** A record the topic refuses: a compacted topic takes only records with a key (Kafka's LogValidator rule). */
public final class InvalidRecordException extends LogException {

    public InvalidRecordException(String message) {
        super(message);
    }
}
