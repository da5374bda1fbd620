package io.tributary.consume;

import io.tributary.config.TributaryProperties;
import io.tributary.config.WorkerConfiguration;
import io.tributary.log.LogReadResult;
import io.tributary.log.OffsetOutOfRangeException;
import io.tributary.log.PartitionLog;
import io.tributary.web.ApiException;
import io.tributary.web.ErrorCode;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

/**
 * Reads a partition from an offset and, when there is nothing to read yet, long-polls: the returned future completes
 * as soon as a record is appended or the timeout passes, and no thread waits meanwhile (the engine's end-offset
 * future plus the JDK's shared delay scheduler). Waiting fetches are capped by {@code tributary.fetch.max-waiting-fetches}.
 */
@Service
public class PartitionFetcher {

    private final TributaryProperties.Fetch limits;
    private final ExecutorService workers;
    private final WaitingFetches waiting;

    PartitionFetcher(TributaryProperties properties, @Qualifier(WorkerConfiguration.WORKERS) ExecutorService workers,
                     WaitingFetches waiting) {
        this.limits = properties.fetch();
        this.workers = workers;
        this.waiting = waiting;
    }

    /** Fetches now waiting for records (polls of consumer instances included). */
    public int waiting() {
        return waiting.waiting();
    }

    /**
     * Reads from {@code offset} (below the log start: from the log start, as {@code auto.offset.reset=earliest});
     * when that finds nothing, waits up to {@code timeout} for a record, then reads once more.
     *
     * @throws ApiException 400 when {@code offset} is past the end offset, 42901 when too many fetches wait
     */
    public CompletableFuture<LogReadResult> fetch(PartitionLog partition, long offset, int maxRecords, int maxBytes,
                                                  Duration timeout) {
        long end = partition.endOffset();
        if (offset > end) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "Offset " + offset + " is beyond the end of partition "
                    + partition.topicPartition() + ": valid offsets are " + partition.logStartOffset() + " to " + end
                    + " (" + end + ", the end, waits for the next record).");
        }
        LogReadResult first = read(partition, offset, maxRecords, maxBytes);
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
