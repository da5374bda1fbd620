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
     * Appends {@code records}; {@code partition}, when not null, overrides the records' own.
     *
     * @return one result per record, in request order; the future completes when every record is acknowledged under
     *         the flush policy (or failed)
     * @throws io.tributary.common.errors.TributaryException when the request as a whole is invalid (nothing appended)
     */
    CompletableFuture<List<RecordResult>> produce(String topic, Integer partition, List<ProduceRecord> records);
}
