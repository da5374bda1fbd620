package io.tributary.produce;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Appends records to a topic. A keyed record without a partition goes where Kafka's own clients would put it
 * ({@link Partitioner}); records without a key are spread. A request that fails validation appends nothing; a
 * partition whose append fails fails only its own records, reported per record.
 */
public interface RecordProducer {

    /**
     * Checks, before a body is read, that the topic can be produced to.
     *
     * @return true when producing would create it (auto-create is on and it does not exist): that is administration,
     *         and the caller must be allowed it
     * @throws io.tributary.common.errors.InvalidTopicException, io.tributary.common.errors.UnknownTopicException
     */
    boolean createsTopic(String topic);

    /**
     * Checks, before a body is read, that a request may carry an Idempotency-Key here.
     *
     * @throws io.tributary.common.errors.InvalidRequestException where the backend keeps no memory of requests
     */
    default void requireIdempotencySupport() {
    }

    /**
     * Appends {@code records}; {@code partition}, when not null, overrides the records' own.
     *
     * @return one result per record, in request order; the future completes when every record is acknowledged under
     *         the flush policy (or failed)
     * @throws io.tributary.common.errors.TributaryException when the request as a whole is invalid (nothing appended)
     */
    default CompletableFuture<List<RecordResult>> produce(String topic, Integer partition, List<ProduceRecord> records) {
        return produce(topic, partition, records, null).thenApply(Produced::results);
    }

    /**
     * As {@link #produce(String, Integer, List)}; with an {@code idempotencyKey} (null for none) a request the topic
     * already had under that key, with the same records, appends nothing and answers as the first time (records of it
     * that were never appended, as after a crash before they were durable, are appended now, once). A repeat that
     * arrives while the first is in flight waits for it.
     *
     * @throws io.tributary.common.errors.IdempotencyKeyReusedException when the key was used for other records
     */
    CompletableFuture<Produced> produce(String topic, Integer partition, List<ProduceRecord> records,
                                        IdempotencyKey idempotencyKey);
}
