package io.tributary.consume;

import java.time.Instant;

/** A stored committed offset of a group for one partition. */
public record CommittedOffset(String group, String topic, int partition, long offset, String metadata, Instant committedAt) {
}
