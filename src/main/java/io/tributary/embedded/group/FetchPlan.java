package io.tributary.embedded.group;

import io.tributary.common.TopicPartition;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What a fetch attempt reads: the member's owned partitions and positions, in this poll's rotated order, and the
 * signal that fires when the member's partitions change (so a waiting poll re-plans).
 */
record FetchPlan(List<Read> reads, CompletableFuture<Void> changed) {

    record Read(TopicPartition partition, long position) {
    }

    /** A partition's position moving from {@code from} to {@code to} after records were fetched (or reset). */
    record Advance(TopicPartition partition, long from, long to) {
    }
}
