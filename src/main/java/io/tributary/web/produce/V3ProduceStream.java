package io.tributary.web.produce;

import io.tributary.produce.IdempotencyKey;
import io.tributary.produce.RecordProducer;
import io.tributary.web.ApiException;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a v3 produce body into answers, one per record, in order. Records the client has already sent are
 * appended together (one batch per partition, one fsync), so a fast stream is not limited to one fsync per record;
 * a record is never held back waiting for the next one. A record that cannot be read is answered {@code error_code}
 * 400, as Confluent answers a record its JSON reader refuses, and the stream goes on.
 */
final class V3ProduceStream {

    private final V3ProduceRequestReader reader;
    private final V3RecordAppender appender;
    private final int maxRecordsPerBatch;
    private long recordsRead;

    V3ProduceStream(RecordProducer producer, V3ProduceRequestReader reader, String clusterId, String topic,
                    int maxRecordsPerBatch, IdempotencyKey idempotencyKey) {
        this.reader = reader;
        this.appender = new V3RecordAppender(producer, clusterId, topic, idempotencyKey);
        this.maxRecordsPerBatch = maxRecordsPerBatch;
    }

    /** Whether a record answered so far was already in the log under its Idempotency-Key (and not appended again). */
    boolean replayed() {
        return appender.replayed();
    }

    /**
     * The answers for the next records: waits for at least one, takes every further one already received; empty at
     * the end of the body. A stream error (malformed JSON, the size limit) is the last answer.
     */
    List<V3ProduceResult> nextBatch() {
        List<V3ProduceResult> results = new ArrayList<>();
        List<V3ProduceRequestReader.V3Record> records = new ArrayList<>();
        List<Integer> slots = new ArrayList<>();
        List<Long> positions = new ArrayList<>();
        boolean more = hasNext(true, results);
        while (more) {
            long position = recordsRead++;
            try {
                V3ProduceRequestReader.V3Record record = reader.next();
                slots.add(results.size());
                positions.add(position);
                results.add(null);
                records.add(record);
            } catch (RuntimeException e) {
                results.add(V3ProduceResult.unreadable(e));
            }
            more = records.size() < maxRecordsPerBatch && hasNext(false, results);
        }
        List<V3ProduceResult> appended = appender.append(records, positions);
        for (int i = 0; i < appended.size(); i++) {
            results.set(slots.get(i), appended.get(i));
        }
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
            results.add(V3RecordAppender.error(e));
            return false;
        }
    }
}
