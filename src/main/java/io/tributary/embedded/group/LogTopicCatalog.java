package io.tributary.embedded.group;

import io.tributary.common.TopicPartition;
import io.tributary.embedded.ConditionalOnEmbeddedBackend;
import io.tributary.embedded.EngineErrors;
import io.tributary.log.LogManager;
import io.tributary.log.TopicLog;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.stereotype.Component;

/** The topic catalog of the log engine. */
@Component
@ConditionalOnEmbeddedBackend
class LogTopicCatalog implements TopicCatalog {

    private final LogManager logs;

    LogTopicCatalog(LogManager logs) {
        this.logs = logs;
    }

    @Override
    public Map<String, Integer> partitionCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (TopicLog topic : logs.topics()) {
            counts.put(topic.name(), topic.partitionCount());
        }
        return counts;
    }

    @Override
    public long logStartOffset(TopicPartition tp) {
        return EngineErrors.call(() -> logs.requireTopic(tp.topic()).partition(tp.partition()).logStartOffset());
    }

    @Override
    public long endOffset(TopicPartition tp) {
        return EngineErrors.call(() -> logs.requireTopic(tp.topic()).partition(tp.partition()).endOffset());
    }
}
