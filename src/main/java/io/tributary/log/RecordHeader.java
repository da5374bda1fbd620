package io.tributary.log;

/** A record header; the value may be null, as in Kafka. */
public record RecordHeader(String key, byte[] value) {
}
