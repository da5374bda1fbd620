package io.tributary.topic;

/**
 * A partition's bounds.
 *
 * @param logStartOffset the first offset still stored (it moves forward with retention)
 * @param endOffset      the offset the next record will get
 */
public record PartitionOffsets(long logStartOffset, long endOffset) {
}
