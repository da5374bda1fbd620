package io.tributary.embedded.group;

import io.tributary.common.TopicPartition;
import io.tributary.log.UnknownTopicException;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** Topics and partition bounds set by the test. */
final class FakeCatalog implements TopicCatalog {

    private final Map<String, Integer> topics = new ConcurrentHashMap<>();
    private final Map<TopicPartition, long[]> bounds = new ConcurrentHashMap<>();

    FakeCatalog topic(String name, int partitions) {
        topics.put(name, partitions);
        return this;
    }

    void delete(String name) {
        topics.remove(name);
    }

    void bounds(TopicPartition tp, long start, long end) {
        bounds.put(tp, new long[] {start, end});
    }

    @Override
    public Map<String, Integer> partitionCounts() {
        return new TreeMap<>(topics);
    }

    @Override
    public long logStartOffset(TopicPartition tp) {
        return bounds(tp)[0];
    }

    @Override
    public long endOffset(TopicPartition tp) {
        return bounds(tp)[1];
    }

    private long[] bounds(TopicPartition tp) {
        if (!topics.containsKey(tp.topic())) {
            throw new UnknownTopicException("Topic '" + tp.topic() + "' not found.");
        }
        return bounds.getOrDefault(tp, new long[] {0, 0});
    }
}
