package io.tributary.embedded;

import io.tributary.log.LogManager;
import io.tributary.log.PartitionLog;
import io.tributary.log.TopicLog;
import io.tributary.topic.PartitionStats;
import io.tributary.topic.TopicStatistics;
import io.tributary.topic.TopicStats;

import java.util.List;
import java.util.OptionalLong;
import java.util.function.Predicate;

import org.springframework.stereotype.Service;

/**
 * Topic statistics from the partitions' published views: offsets, sizes and maximum timestamps are fields kept in
 * memory, so even a thousand topics cost next to no time and no I/O. A partition's figures are read one after another,
 * not as one snapshot, which no statistic needs: the log start is read before the end, so records are never negative.
 */
@Service
@ConditionalOnEmbeddedBackend
class EmbeddedTopicStatistics implements TopicStatistics {

    private final LogManager logManager;
    private final EmbeddedTopicAdmin topics;

    EmbeddedTopicStatistics(LogManager logManager, EmbeddedTopicAdmin topics) {
        this.logManager = logManager;
        this.topics = topics;
    }

    @Override
    public List<TopicStats> list(Predicate<String> include) {
        return logManager.topics().stream().filter(t -> include.test(t.name()))
                .map(EmbeddedTopicStatistics::stats).toList();
    }

    @Override
    public TopicStats of(String topic) {
        return stats(topics.require(topic));
    }

    private static TopicStats stats(TopicLog topic) {
        return new TopicStats(topic.name(), topic.partitions().stream().map(EmbeddedTopicStatistics::stats).toList());
    }

    private static PartitionStats stats(PartitionLog log) {
        long maxTimestamp = log.maxTimestamp();
        return new PartitionStats(log.topicPartition().partition(), log.logStartOffset(), log.endOffset(),
                log.sizeInBytes(), maxTimestamp < 0 ? OptionalLong.empty() : OptionalLong.of(maxTimestamp));
    }
}
