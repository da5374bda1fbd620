package io.tributary.common;


/** A record read from a partition, with the partition it came from, ready to be written to a client. */
public record FetchedRecord(String topic, int partition, StoredRecord record) {
}
