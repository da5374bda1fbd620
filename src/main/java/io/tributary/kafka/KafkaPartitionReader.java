package io.tributary.kafka;

import io.tributary.common.FetchedRecord;
import io.tributary.common.errors.InvalidRequestException;
import io.tributary.consume.PartitionReader;
import io.tributary.consume.WaitingFetches;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.springframework.stereotype.Component;

/**
 * Reads a partition without a group over Kafka. Where to start comes from {@code Admin#listOffsets} (the end, the log
 * start, an offset for a time), one round trip; the records from the node's {@link PartitionFetcher}, one consumer
 * without a group shared by every read, so a read waiting for records holds no thread. A read from below the log
 * start starts at the log start, as {@code auto.offset.reset=earliest}.
 */
@Component
@ConditionalOnKafkaBackend
class KafkaPartitionReader implements PartitionReader {

    private final Admin admin;
    private final KafkaMetadata metadata;
    private final PartitionFetcher fetcher;
    private final WaitingFetches waiting;
    private final Duration requestTimeout;

    KafkaPartitionReader(Admin admin, KafkaMetadata metadata, PartitionFetcher fetcher, WaitingFetches waiting,
                         KafkaClients clients) {
        this.admin = admin;
        this.metadata = metadata;
        this.fetcher = fetcher;
        this.waiting = waiting;
        this.requestTimeout = clients.requestTimeout();
    }

    @Override
    public CompletableFuture<List<FetchedRecord>> read(String topic, int partition, StartPosition position,
                                                       int maxRecords, int maxBytes, Duration timeout) {
        metadata.topic(topic).requirePartition(partition);
        TopicPartition tp = new TopicPartition(topic, partition);
        OffsetSpec start = position instanceof StartPosition.Timestamp t ? OffsetSpec.forTimestamp(t.timestamp())
                : OffsetSpec.earliest();
        ListOffsetsResult ends = admin.listOffsets(Map.of(tp, OffsetSpec.latest()));
        ListOffsetsResult starts = admin.listOffsets(Map.of(tp, start));
        String what = "look up the offsets of " + tp;
        long end = KafkaErrors.await(ends.partitionResult(tp), requestTimeout, what).offset();
        long found = KafkaErrors.await(starts.partitionResult(tp), requestTimeout, what).offset();
        long offset;
        if (position instanceof StartPosition.Offset o) {
            offset = o.offset();
            if (offset > end) {
                throw new InvalidRequestException("Offset " + offset + " is beyond the end of partition " + tp
                        + ": valid offsets are " + found + " to " + end + " (" + end + ", the end, waits for the next record).");
            }
        } else {
            offset = found < 0 ? end : found; // no record at or after the time: the end
        }
        if (offset < end) {
            // records are there: wait for them as long as any request waits for Kafka, whatever the client's timeout
            return fetcher.fetch(tp, offset, maxRecords, maxBytes, requestTimeout);
        }
        if (timeout.isZero()) {
            return CompletableFuture.completedFuture(List.of());
        }
        waiting.acquire();
        return fetcher.fetch(tp, offset, maxRecords, maxBytes, timeout).whenComplete((records, error) -> waiting.release());
    }
}
