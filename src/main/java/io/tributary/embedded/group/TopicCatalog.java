package io.tributary.embedded.group;

import io.tributary.common.TopicPartition;

import java.util.Map;

/** What groups need to know about topics: which exist, how many partitions, and each partition's bounds. */
public interface TopicCatalog {

    /** Every existing topic with its partition count. */
    Map<String, Integer> partitionCounts();

    /** @throws io.tributary.common.errors.UnknownTopicException or UnknownPartitionException when gone */
    long logStartOffset(TopicPartition tp);

    /** @throws io.tributary.common.errors.UnknownTopicException or UnknownPartitionException when gone */
    long endOffset(TopicPartition tp);
}
