package io.tributary.topic;

import java.util.List;
import java.util.function.Predicate;

/**
 * How much each topic holds and when it was last written, cheap enough to show every topic of a node at once: the
 * embedded backend answers from what its partitions keep in memory, no file is read. A Kafka backend answers with
 * {@code Admin#describeLogDirs} (partition sizes) and {@code Admin#listOffsets} with {@code OffsetSpec.earliest()},
 * {@code latest()} and {@code maxTimestamp()}, a few requests for all topics together.
 */
public interface TopicStatistics {

    /** The topics whose name {@code include} accepts, sorted by name; the others cost nothing. */
    List<TopicStats> list(Predicate<String> include);

    /** @throws io.tributary.common.errors.InvalidTopicException, io.tributary.common.errors.UnknownTopicException */
    TopicStats of(String topic);
}
