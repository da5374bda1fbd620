package io.tributary.web.produce;

import io.tributary.produce.IdempotencyKey;
import io.tributary.produce.Produced;
import io.tributary.produce.RecordProducer;
import io.tributary.produce.RecordResult;
import io.tributary.web.ApiException;
import io.tributary.web.ErrorBody;
import io.tributary.web.ErrorTranslator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Turns a v3 produce body into answers, one per record, in order. Records the client has already sent are
 * appended together (one batch per partition, one fsync), so a fast stream is not limited to one fsync per record;
 * a record is never held back waiting for the next one.
 */
final class V3ProduceStream {

    private final RecordProducer producer;
    private final V3ProduceRequestReader reader;
    private final String clusterId;
    private final String topic;

    private final int maxRecordsPerBatch;
    /** Null unless the request has an Idempotency-Key: then each record is a request of its own ({@link #append}). */
    private final IdempotencyKey idempotencyKey;
    private long recordsRead;
    private boolean replayed;

    V3ProduceStream(RecordProducer producer, V3ProduceRequestReader reader, String clusterId, String topic,
                    int maxRecordsPerBatch, IdempotencyKey idempotencyKey) {
        this.producer = producer;
        this.maxRecordsPerBatch = maxRecordsPerBatch;
        this.reader = reader;
        this.clusterId = clusterId;
        this.topic = topic;
        this.idempotencyKey = idempotencyKey;
    }

    /** Whether a record answered so far was already in the log under its Idempotency-Key (and not appended again). */
    boolean replayed() {
        return replayed;
    }

    /**
     * The answers for the next records: waits for at least one, takes every further one already received; empty at
     * the end of the body. A stream error (malformed JSON) is the last answer.
     */
    List<V3ProduceResult> nextBatch() {
        List<V3ProduceResult> results = new ArrayList<>();
        List<V3ProduceRequestReader.V3Record> records = new ArrayList<>();
        List<Integer> slots = new ArrayList<>();
        List<Long> positions = new ArrayList<>();
        boolean more = hasNext(true, results);
        while (more) {
            try {
                long position = recordsRead++;
                V3ProduceRequestReader.V3Record record = reader.next();
                slots.add(results.size());
                positions.add(position);
                results.add(null);
                records.add(record);
            } catch (RuntimeException e) {
                results.add(error(e));
            }
            more = records.size() < maxRecordsPerBatch && hasNext(false, results);
        }
        append(records, slots, positions, results);
        return results;
    }

    /** Whether more records follow this batch; blocks until the client sends one or ends the body. */
    boolean hasMore() {
        try {
            return !reader.broken() && reader.hasNext();
        } catch (ApiException e) {
            return false;
        }
    }

    private boolean hasNext(boolean block, List<V3ProduceResult> results) {
        try {
            return block ? reader.hasNext() : reader.hasNextNow();
        } catch (RuntimeException e) {
            results.add(error(e));
            return false;
        }
    }

    private void append(List<V3ProduceRequestReader.V3Record> records, List<Integer> slots, List<Long> positions,
                        List<V3ProduceResult> results) {
        if (records.isEmpty()) {
            return;
        }
        if (idempotencyKey != null) {
            appendEachIdempotently(records, slots, positions, results);
            return;
        }
        try {
            List<RecordResult> appended = producer.produce(topic, null,
                    records.stream().map(V3ProduceRequestReader.V3Record::record).toList()).join();
            Function<Throwable, ErrorBody> errors = ErrorTranslator.perFailure();
            for (int i = 0; i < records.size(); i++) {
                results.set(slots.get(i), V3ProduceResult.of(clusterId, topic, records.get(i), appended.get(i), errors));
            }
        } catch (RuntimeException batchFailed) {
            // One record failed validation (partition, size): answer each record on its own.
            for (int i = 0; i < records.size(); i++) {
                results.set(slots.get(i), records.size() == 1 ? error(batchFailed) : appendAlone(records.get(i)));
            }
        }
    }

    /**
     * Each record under its own key, {@code <Idempotency-Key>#<position in the stream>}: how records happen to group
     * into batches depends on when they arrive, which a retry does not repeat, but their positions in the body it
     * does. So a stream retried after a broken connection appends only the records that did not make it.
     */
    private void appendEachIdempotently(List<V3ProduceRequestReader.V3Record> records, List<Integer> slots,
                                        List<Long> positions, List<V3ProduceResult> results) {
        for (int i = 0; i < records.size(); i++) {
            V3ProduceRequestReader.V3Record record = records.get(i);
            try {
                Produced produced = producer.produce(topic, null, List.of(record.record()),
                        idempotencyKey.ofRecord(positions.get(i))).join();
                replayed |= produced.replayed();
                results.set(slots.get(i), V3ProduceResult.of(clusterId, topic, record, produced.results().get(0),
                        ErrorTranslator::toBody));
            } catch (RuntimeException e) {
                results.set(slots.get(i), error(e));
            }
        }
    }

    private V3ProduceResult appendAlone(V3ProduceRequestReader.V3Record record) {
        try {
            return V3ProduceResult.of(clusterId, topic, record, producer.produce(topic, null, List.of(record.record())).join().get(0),
                    ErrorTranslator::toBody);
        } catch (RuntimeException e) {
            return error(e);
        }
    }

    private static V3ProduceResult error(RuntimeException e) {
        return V3ProduceResult.error(e instanceof CompletionException c && c.getCause() != null ? c.getCause() : e);
    }
}
