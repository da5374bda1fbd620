package io.tributary.kafka;

import io.tributary.common.RecordHeader;
import io.tributary.common.errors.BackendUnavailableException;
import io.tributary.common.errors.InvalidRecordException;
import io.tributary.common.errors.InvalidRecordsException;
import io.tributary.common.errors.InvalidRequestException;
import io.tributary.common.errors.RecordTooLargeException;
import io.tributary.common.errors.TopicExistsException;
import io.tributary.produce.IdempotencyKey;
import io.tributary.produce.Partitioner;
import io.tributary.produce.ProduceRecord;
import io.tributary.produce.Produced;
import io.tributary.produce.RecordProducer;
import io.tributary.produce.RecordResult;
import io.tributary.settings.TributaryProperties;
import io.tributary.topic.TopicAdmin;
import io.tributary.topic.TopicNames;

import jakarta.annotation.PreDestroy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.stereotype.Component;

/**
 * Produce over Kafka: the request is validated whole first (topic, partitions, sizes, keys of a compacted topic), so a
 * bad request writes nothing, then each record is sent to the partition Tributary chose (an explicit one, murmur2 of
 * the key exactly as Kafka's own clients, else spread) through the node's one idempotent {@code acks=all} producer.
 * The future completes when Kafka has acknowledged every record, or failed it: a broker failure fails only the records
 * it hit, each reported with its own error (50003, retriable), as Confluent does. No thread waits meanwhile.
 */
@Component
@ConditionalOnKafkaBackend
class KafkaRecordProducer implements RecordProducer {

    /** A record batch's fixed overhead, as Kafka counts it against {@code max.message.bytes}. */
    private static final int BATCH_OVERHEAD = 61;
    /** Per record: attributes, deltas and lengths as varints, at most. */
    private static final int RECORD_OVERHEAD = 21;

    private final Producer<byte[], byte[]> producer;
    private final KafkaMetadata metadata;
    private final TopicAdmin topics;
    private final TributaryProperties.Produce limits;
    private final boolean autoCreate;
    private final Duration closeTimeout;
    private final Partitioner partitioner = new Partitioner();

    KafkaRecordProducer(KafkaClients clients, KafkaMetadata metadata, TopicAdmin topics, TributaryProperties properties) {
        this.producer = clients.producer();
        this.metadata = metadata;
        this.topics = topics;
        this.limits = properties.produce();
        this.autoCreate = properties.topics().autoCreate();
        this.closeTimeout = clients.requestTimeout();
    }

    /**
     * Asked before every produce request, so it asks the remembered metadata (fresh for a few seconds), not the cluster:
     * with auto-create on, it cost two admin round trips (a describe and a config look-up) per request.
     */
    @Override
    public boolean createsTopic(String topic) {
        TopicNames.requireValid(topic);
        if (!autoCreate) {
            metadata.topic(topic);
            return false;
        }
        return metadata.find(topic).isEmpty();
    }

    @Override
    public void requireIdempotencySupport() {
        throw new InvalidRequestException("The " + IdempotencyKey.HEADER + " header is not supported with "
                + "tributary.backend=kafka (docs/scale-out.md): retry without it, accepting a possible duplicate.");
    }

    @Override
    public CompletableFuture<Produced> produce(String topicName, Integer partition, List<ProduceRecord> records,
                                               IdempotencyKey idempotencyKey) {
        if (idempotencyKey != null) {
            requireIdempotencySupport();
        }
        if (records.isEmpty()) {
            throw new InvalidRecordsException("No records to produce: 'records' must not be empty.");
        }
        if (records.size() > limits.maxRecordsPerRequest()) {
            throw new RecordTooLargeException("Too many records in one request: at most " + limits.maxRecordsPerRequest()
                    + " are accepted (tributary.produce.max-records-per-request).");
        }
        KafkaMetadata.TopicInfo topic = forProduce(topicName);
        int[] assigned = partitioner.assign(records, topic.partitions());
        List<ProducerRecord<byte[], byte[]>> sends = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            ProduceRecord record = records.get(i);
            int p = partition != null ? partition : assigned[i];
            topic.requirePartition(p);
            if (topic.compact() && record.key() == null) {
                throw new InvalidRecordException("Record " + i + " has no key, and topic '" + topic.name() + "' is "
                        + "compacted (cleanup.policy=compact keeps the latest record per key): every record needs a "
                        + "key. Nothing of this request was appended.");
            }
            int size = BATCH_OVERHEAD + sizeOf(record);
            if (size > topic.maxMessageBytes()) {
                throw new RecordTooLargeException("Record " + i + " takes about " + size + " bytes, more than topic '"
                        + topic.name() + "' accepts (max.message.bytes = " + topic.maxMessageBytes() + ").");
            }
            sends.add(new ProducerRecord<>(topic.name(), p, record.timestamp() < 0 ? null : record.timestamp(),
                    record.key(), record.value(), headers(record.headers())));
        }
        return send(sends).thenApply(results -> new Produced(results, false));
    }

    private KafkaMetadata.TopicInfo forProduce(String topic) {
        if (autoCreate && metadata.find(topic).isEmpty()) {
            try {
                topics.create(topics.validateNew(topic, null, null, Map.of()));
            } catch (TopicExistsException raced) {
                // created meanwhile, by another request or node
            }
        }
        return metadata.topic(topic);
    }

    /** Sends every record; one result per record, in request order, when the last is acknowledged or failed. */
    private CompletableFuture<List<RecordResult>> send(List<ProducerRecord<byte[], byte[]>> sends) {
        RecordResult[] results = new RecordResult[sends.size()];
        AtomicInteger pending = new AtomicInteger(sends.size());
        CompletableFuture<List<RecordResult>> done = new CompletableFuture<>();
        for (int i = 0; i < sends.size(); i++) {
            int index = i;
            ProducerRecord<byte[], byte[]> record = sends.get(i);
            try {
                producer.send(record, (acknowledged, error) -> {
                    results[index] = error == null
                            ? new RecordResult(acknowledged.partition(), acknowledged.offset(), acknowledged.timestamp(), null)
                            : RecordResult.failed(refusal(error, record));
                    if (pending.decrementAndGet() == 0) {
                        done.complete(List.of(results));
                    }
                });
            } catch (RuntimeException e) { // send() throws only before the record was accepted: nothing was written
                results[index] = RecordResult.failed(KafkaErrors.translate(e, "append to " + record.topic() + "-"
                        + record.partition()));
                if (pending.decrementAndGet() == 0) {
                    done.complete(List.of(results));
                }
            }
        }
        return done;
    }

    /**
     * Why Kafka refused a record. A timestamp out of the brokers' range ({@code message.timestamp.after.max.ms}, 1 h
     * in Kafka 4, and {@code before.max.ms}) is the client's when it gave one (a 4xx), and this node's clock when it
     * did not: the producer stamps such a record with this node's wall clock, so a node whose clock runs an hour ahead
     * of the brokers' has every such record refused. Retriable then (once the clock is right, the retry works), and
     * the message says what to fix (docs/reliability.md, "Clock skew between Kafka-mode nodes").
     */
    private static RuntimeException refusal(Exception error, ProducerRecord<byte[], byte[]> record) {
        String what = "append to " + record.topic() + "-" + record.partition();
        if (error instanceof InvalidTimestampException) {
            if (record.timestamp() != null) {
                return new InvalidRecordException("The Kafka cluster refused the record's timestamp " + record.timestamp()
                        + ": too far from the brokers' clock (the topic's message.timestamp.before.max.ms and "
                        + "message.timestamp.after.max.ms). " + error.getMessage());
            }
            return new BackendUnavailableException("The Kafka cluster refused the timestamp this node gave the record "
                    + "(its clock, " + java.time.Instant.now() + "): this node's clock is too far from the brokers' "
                    + "(message.timestamp.after.max.ms, 1 h by default, or before.max.ms). Set this node's clock right "
                    + "(NTP), then retry. " + error.getMessage(), error);
        }
        return KafkaErrors.translate(error, what);
    }

    private static Iterable<Header> headers(List<RecordHeader> headers) {
        RecordHeaders kafkaHeaders = new RecordHeaders();
        headers.forEach(h -> kafkaHeaders.add(h.key(), h.value()));
        return kafkaHeaders;
    }

    private static int sizeOf(ProduceRecord record) {
        int size = RECORD_OVERHEAD + length(record.key()) + length(record.value());
        for (RecordHeader header : record.headers()) {
            size += 10 + header.key().getBytes(StandardCharsets.UTF_8).length + length(header.value());
        }
        return size;
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }

    /** Sends what the producer still holds, for the request timeout at most. */
    @PreDestroy
    void close() {
        producer.close(closeTimeout);
    }
}
