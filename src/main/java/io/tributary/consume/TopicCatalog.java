package io.tributary.consume;

import io.tributary.log.TopicPartition;

import java.util.Map;

/** What groups need to know about topics: which exist, how many partitions, and each partition's bounds. */
public interface TopicCatalog {

    /** Every existing topic with its partition count. */
    Map<String, Integer> partitionCounts();

    /** @throws io.tributary.log.UnknownTopicException or UnknownPartitionException when gone */
    long logStartOffset(TopicPartition tp);

    /** @throws io.tributary.log.UnknownTopicException or UnknownPartitionException when gone */
    long endOffset(TopicPartition tp);
}
