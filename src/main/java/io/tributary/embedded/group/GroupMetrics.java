package io.tributary.embedded.group;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.tributary.common.TopicPartition;
import io.tributary.common.errors.UnknownPartitionException;
import io.tributary.common.errors.UnknownTopicException;
import io.tributary.consume.CommittedOffset;
import io.tributary.consume.OffsetCommit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per group and partition: {@code tributary.group.committed.offset} and {@code tributary.group.lag} (end offset minus
 * committed offset, read when scraped); per group: {@code tributary.group.rebalances}.
 */
final class GroupMetrics implements GroupListener {

    private record Key(String group, String topic, int partition) {
    }

    private final MeterRegistry registry;
    private final TopicCatalog catalog;
    private final Map<Key, AtomicLong> committed = new ConcurrentHashMap<>();
    private final Map<Key, List<Meter>> meters = new ConcurrentHashMap<>();

    GroupMetrics(MeterRegistry registry, TopicCatalog catalog) {
        this.registry = registry;
        this.catalog = catalog;
    }

    void load(Collection<CommittedOffset> offsets) {
        offsets.forEach(o -> record(new Key(o.group(), o.topic(), o.partition()), o.offset()));
    }

    @Override
    public void rebalanced(String group, long generation) {
        Counter.builder("tributary.group.rebalances").description("Rebalances (generation changes) of a consumer group")
                .tag("group", group).register(registry).increment();
    }

    @Override
    public void committed(String group, Collection<OffsetCommit> offsets) {
        offsets.forEach(o -> record(new Key(group, o.topic(), o.partition()), o.offset()));
    }

    /** Drops the meters of a deleted topic. */
    void topicDeleted(String topic) {
        for (Key key : new ArrayList<>(meters.keySet())) {
            if (key.topic().equals(topic)) {
                meters.remove(key).forEach(registry::remove);
                committed.remove(key);
            }
        }
    }

    private void record(Key key, long offset) {
        committed.computeIfAbsent(key, k -> {
            AtomicLong value = new AtomicLong();
            Tags tags = Tags.of("group", k.group(), "topic", k.topic(), "partition", Integer.toString(k.partition()));
            meters.put(k, List.of(
                    Gauge.builder("tributary.group.committed.offset", value, AtomicLong::get)
                            .description("Committed offset (next record to read) of a group for a partition")
                            .tags(tags).register(registry),
                    Gauge.builder("tributary.group.lag", value, v -> lag(k, v.get()))
                            .description("Records between a group's committed offset and the partition's end")
                            .tags(tags).register(registry)));
            return value;
        }).set(offset);
    }

    private double lag(Key key, long committedOffset) {
        try {
            return Math.max(0, catalog.endOffset(new TopicPartition(key.topic(), key.partition())) - committedOffset);
        } catch (UnknownTopicException | UnknownPartitionException gone) {
            return Double.NaN;
        }
    }
}
