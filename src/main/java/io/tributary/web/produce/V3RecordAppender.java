package io.tributary.web.produce;

import io.tributary.produce.IdempotencyKey;
import io.tributary.produce.Produced;
import io.tributary.produce.RecordProducer;
import io.tributary.produce.RecordResult;
import io.tributary.web.ErrorBody;
import io.tributary.web.ErrorTranslator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Appends the records of one v3 produce request (a stream or a batch) and answers each: records given together are
 * appended as one request to the producer (one batch per partition, one fsync); when that fails validation as a
 * whole (a partition, a size) each record is appended on its own, so that one bad record fails alone. With an
 * Idempotency-Key each record is a request of its own (see {@link #append}).
 */
final class V3RecordAppender {

    private final RecordProducer producer;
    private final String clusterId;
    private final String topic;
    /** Null unless the request has an Idempotency-Key. */
    private final IdempotencyKey idempotencyKey;
    private boolean replayed;

    V3RecordAppender(RecordProducer producer, String clusterId, String topic, IdempotencyKey idempotencyKey) {
        this.producer = producer;
        this.clusterId = clusterId;
        this.topic = topic;
        this.idempotencyKey = idempotencyKey;
    }

    /** Whether a record answered so far was already in the log under its Idempotency-Key (and not appended again). */
    boolean replayed() {
        return replayed;
    }

    /**
     * Appends {@code records} and answers each, in order.
     *
     * @param positions each record's position in the request body, from 0: with an Idempotency-Key the record is
     *                  appended under {@code <Idempotency-Key>#<position>}. How records happen to group into appends
     *                  depends on when they arrive, which a retry does not repeat, but their positions in the body it
     *                  does; so a request retried after a broken connection appends only the records that did not
     *                  make it.
     */
    List<V3ProduceResult> append(List<V3ProduceRequestReader.V3Record> records, List<Long> positions) {
        if (records.isEmpty()) {
            return List.of();
        }
        if (idempotencyKey != null) {
            List<V3ProduceResult> results = new ArrayList<>(records.size());
            for (int i = 0; i < records.size(); i++) {
                results.add(appendIdempotently(records.get(i), positions.get(i)));
            }
            return results;
        }
        try {
            List<RecordResult> appended = producer.produce(topic, null,
                    records.stream().map(V3ProduceRequestReader.V3Record::record).toList()).join();
            Function<Throwable, ErrorBody> errors = ErrorTranslator.perFailure();
            List<V3ProduceResult> results = new ArrayList<>(records.size());
            for (int i = 0; i < records.size(); i++) {
                results.add(V3ProduceResult.of(clusterId, topic, records.get(i), appended.get(i), errors));
            }
            return results;
        } catch (RuntimeException batchFailed) {
            // One record failed validation (partition, size): answer each record on its own.
            return records.size() == 1 ? List.of(error(batchFailed)) : records.stream().map(this::appendAlone).toList();
        }
    }

    private V3ProduceResult appendIdempotently(V3ProduceRequestReader.V3Record record, long position) {
        try {
            Produced produced = producer.produce(topic, null, List.of(record.record()),
                    idempotencyKey.ofRecord(position)).join();
            replayed |= produced.replayed();
            return V3ProduceResult.of(clusterId, topic, record, produced.results().get(0), ErrorTranslator::toBody);
        } catch (RuntimeException e) {
            return error(e);
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

    static V3ProduceResult error(RuntimeException e) {
        return V3ProduceResult.error(e instanceof CompletionException c && c.getCause() != null ? c.getCause() : e);
    }
}
