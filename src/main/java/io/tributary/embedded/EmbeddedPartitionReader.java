package io.tributary.embedded;

import io.tributary.common.FetchedRecord;
import io.tributary.common.errors.InvalidRequestException;
import io.tributary.consume.PartitionReader;
import io.tributary.consume.WaitingFetches;
import io.tributary.log.LogReadResult;
import io.tributary.log.OffsetOutOfRangeException;
import io.tributary.log.PartitionLog;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

/**
 * Reads a partition of the log engine from an offset and, when there is nothing to read yet, long-polls: the returned
 * future completes as soon as a record is appended or the timeout passes, and no thread waits meanwhile (the engine's
 * end-offset future plus the JDK's shared delay scheduler). Waiting fetches are capped by
 * {@code tributary.fetch.max-waiting-fetches}.
 */
@Service
@ConditionalOnEmbeddedBackend
class EmbeddedPartitionReader implements PartitionReader {

    private final EmbeddedTopicAdmin topics;
    private final ExecutorService workers;
    private final WaitingFetches waiting;
    private final MicrometerLogMetrics metrics;

    EmbeddedPartitionReader(EmbeddedTopicAdmin topics, @Qualifier(WorkerConfiguration.WORKERS) ExecutorService workers,
                            WaitingFetches waiting, MicrometerLogMetrics metrics) {
        this.topics = topics;
        this.workers = workers;
        this.waiting = waiting;
        this.metrics = metrics;
    }

    @Override
    public CompletableFuture<List<FetchedRecord>> read(String topic, int partition, StartPosition position, int maxRecords,
                                                       int maxBytes, Duration timeout) {
        PartitionLog log = topics.partition(topic, partition);
        long offset;
        if (position instanceof StartPosition.Offset o) {
            offset = o.offset();
        } else if (position instanceof StartPosition.Timestamp t) {
            offset = EngineErrors.call(() -> log.offsetForTimestamp(t.timestamp()).orElseGet(log::endOffset));
        } else {
            offset = log.logStartOffset();
        }
        return EngineErrors.translated(fetch(log, offset, maxRecords, maxBytes, timeout)
                .thenApply(result -> fetched(log, result)));
    }

    private List<FetchedRecord> fetched(PartitionLog log, LogReadResult result) {
        String topic = log.topicPartition().topic();
        int partition = log.topicPartition().partition();
        List<FetchedRecord> records = result.records().stream().map(r -> new FetchedRecord(topic, partition, r)).toList();
        metrics.delivered(records);
        return records;
    }

    /**
     * Reads from {@code offset} (below the log start: from the log start); when that finds nothing, waits up to
     * {@code timeout} for a record, then reads once more.
     */
    private CompletableFuture<LogReadResult> fetch(PartitionLog partition, long offset, int maxRecords, int maxBytes,
                                                   Duration timeout) {
        long end = partition.endOffset();
        if (offset > end) {
            throw new InvalidRequestException("Offset " + offset + " is beyond the end of partition "
                    + partition.topicPartition() + ": valid offsets are " + partition.logStartOffset() + " to " + end
                    + " (" + end + ", the end, waits for the next record).");
        }
        LogReadResult first = EngineErrors.call(() -> read(partition, offset, maxRecords, maxBytes));
        if (!first.records().isEmpty() || timeout.isZero()) {
            return CompletableFuture.completedFuture(first);
        }
        waiting.acquire();
        long from = first.nextOffset();
        CompletableFuture<Void> appended = partition.awaitEndOffsetAbove(from);
        // Completing on timeout never touches `appended`, so cancel it: the engine may then drop its waiter.
        return appended.thenApply(v -> Boolean.TRUE)
                .completeOnTimeout(Boolean.FALSE, timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((woke, error) -> {
                    waiting.release();
                    if (!Boolean.TRUE.equals(woke)) {
                        appended.cancel(false);
                    }
                })
                // Read on a worker: the future may be completed by the appending thread, which must go on to ack its producer.
                .thenApplyAsync(woke -> read(partition, from, maxRecords, maxBytes), workers);
    }

    private static LogReadResult read(PartitionLog partition, long offset, int maxRecords, int maxBytes) {
        long start = Math.max(offset, partition.logStartOffset());
        try {
            return partition.read(start, maxRecords, maxBytes);
        } catch (OffsetOutOfRangeException e) {
            if (start < e.logStartOffset()) {
                // Retention moved the log start meanwhile.
                return partition.read(e.logStartOffset(), maxRecords, maxBytes);
            }
            throw e;
        }
    }
}
