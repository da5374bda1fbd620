package io.tributary.embedded;

import io.tributary.common.errors.IdempotencyKeyReusedException;
import io.tributary.common.errors.InvalidRecordException;
import io.tributary.common.errors.InvalidRecordsException;
import io.tributary.common.errors.RecordTooLargeException;
import io.tributary.log.AppendResult;
import io.tributary.log.IdempotentBatch;
import io.tributary.log.LogException;
import io.tributary.log.NewRecord;
import io.tributary.log.PartitionLog;
import io.tributary.log.ProducerIdentity;
import io.tributary.log.TopicConfig;
import io.tributary.log.TopicLog;
import io.tributary.produce.IdempotencyKey;
import io.tributary.produce.Partitioner;
import io.tributary.produce.ProduceRecord;
import io.tributary.produce.Produced;
import io.tributary.produce.RecordProducer;
import io.tributary.produce.RecordResult;
import io.tributary.settings.TributaryProperties;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

/**
 * Turns a produce request into appends to the log engine: validates every record first (a request that fails
 * validation writes nothing), assigns partitions, then appends one batch per partition (split only when a batch would
 * pass the topic's max.message.bytes), the partitions in parallel, and answers offsets in request order. A batch that
 * fails to append fails only its own records, reported per record as Confluent does. The append runs on the calling
 * thread (it waits for the fsync under the durable policy): the returned future is complete.
 */
@Service
@ConditionalOnEmbeddedBackend
class EmbeddedRecordProducer implements RecordProducer {

    private final EmbeddedTopicAdmin topics;
    private final TributaryProperties.Produce limits;
    private final ExecutorService workers;
    private final Partitioner partitioner = new Partitioner();
    /** Idempotent requests under way, by topic and key. */
    private final ConcurrentMap<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();

    EmbeddedRecordProducer(EmbeddedTopicAdmin topics, TributaryProperties properties,
                           @Qualifier(WorkerConfiguration.WORKERS) ExecutorService workers) {
        this.topics = topics;
        this.limits = properties.produce();
        this.workers = workers;
    }

    @Override
    public boolean createsTopic(String topic) {
        if (topics.topicLog(topic).isPresent()) {
            return false;
        }
        if (!topics.autoCreate()) {
            topics.require(topic);
        }
        return true;
    }

    @Override
    public CompletableFuture<Produced> produce(String topicName, Integer partition, List<ProduceRecord> records,
                                               IdempotencyKey idempotencyKey) {
        if (idempotencyKey == null) {
            return CompletableFuture.completedFuture(produceOnce(topicName, partition, records, null));
        }
        // one request per key at a time: a repeat waits for the first, then finds its batches in the log
        String inFlightKey = topicName + '\u0000' + idempotencyKey.value();
        CompletableFuture<Void> mine = new CompletableFuture<>();
        for (CompletableFuture<Void> earlier = inFlight.putIfAbsent(inFlightKey, mine); earlier != null;
             earlier = inFlight.putIfAbsent(inFlightKey, mine)) {
            earlier.join();
        }
        try {
            return CompletableFuture.completedFuture(produceOnce(topicName, partition, records,
                    IdempotentRequest.of(idempotencyKey, partition, records)));
        } finally {
            inFlight.remove(inFlightKey, mine);
            mine.complete(null);
        }
    }

    private Produced produceOnce(String topicName, Integer partition, List<ProduceRecord> records, IdempotentRequest idempotent) {
        if (records.isEmpty()) {
            throw new InvalidRecordsException("No records to produce: 'records' must not be empty.");
        }
        if (records.size() > limits.maxRecordsPerRequest()) {
            throw new RecordTooLargeException("Too many records in one request: at most " + limits.maxRecordsPerRequest()
                    + " are accepted (tributary.produce.max-records-per-request).");
        }
        TopicLog topic = topics.forProduce(topicName);
        int partitions = topic.partitionCount();
        if (partition != null) {
            EmbeddedTopicAdmin.partitionOf(topic, partition);
        }
        int[] assigned = partition != null ? null
                : idempotent != null ? Partitioner.assign(records, partitions, idempotent.firstUnkeyed())
                : partitioner.assign(records, partitions);
        TopicConfig config = topic.config();
        int maxBatchRecordBytes = config.maxMessageBytes() - NewRecord.BATCH_OVERHEAD;
        List<Batch> batches = new ArrayList<>();
        Map<Integer, Batch> open = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            ProduceRecord record = records.get(i);
            if (config.compact() && record.key() == null) {
                throw keyless(topic.name(), i);
            }
            int p = partition != null ? partition : assigned[i];
            if (partition == null && record.partition() != null) {
                EmbeddedTopicAdmin.partitionOf(topic, p);
            }
            NewRecord newRecord = new NewRecord(record.key(), record.value(), record.headers(), record.timestamp());
            int size = newRecord.estimatedSize();
            if (size > maxBatchRecordBytes) {
                throw new RecordTooLargeException("Record " + i + " takes about " + (size + NewRecord.BATCH_OVERHEAD)
                        + " bytes, more than topic '" + topic.name() + "' accepts (max.message.bytes = "
                        + config.maxMessageBytes() + ").");
            }
            Batch batch = open.get(p);
            if (batch == null || batch.bytes + size > maxBatchRecordBytes) {
                int ordinal = batch == null ? 0 : batch.ordinal + 1;
                batch = new Batch(topic.partition(p), ordinal, idempotent == null ? null : idempotent.batch(ordinal));
                open.put(p, batch);
                batches.add(batch);
            }
            batch.add(i, newRecord, size);
        }
        boolean replayed = idempotent != null && alreadyAppended(topic.name(), batches, idempotent);
        return new Produced(collect(records, appendAll(batches), config.logAppendTime()), replayed);
    }

    /**
     * Whether the log has batches of this request already (then those are answered, not appended again).
     *
     * @throws IdempotencyKeyReusedException, before anything is appended, when the key's batches are another request's
     */
    private static boolean alreadyAppended(String topic, List<Batch> batches, IdempotentRequest request) {
        Set<ProducerIdentity> ours = new HashSet<>();
        batches.forEach(batch -> ours.add(batch.identity));
        boolean found = false;
        for (PartitionLog partition : batches.stream().map(batch -> batch.partitionLog).distinct().toList()) {
            List<IdempotentBatch> earlier;
            try {
                earlier = partition.idempotentBatches(request.producerId());
            } catch (LogException e) {
                throw EngineErrors.translate(e);
            }
            for (IdempotentBatch batch : earlier) {
                request.requireSameRequest(batch, topic, partition.topicPartition().partition());
                found |= ours.contains(batch.identity());
            }
        }
        return found;
    }

    /** Kafka refuses it too (INVALID_RECORD): the cleaner keeps the latest record per key, so a keyless one has no place. */
    private static InvalidRecordException keyless(String topic, int index) {
        return new InvalidRecordException("Record " + index + " has no key, and topic '" + topic + "' is compacted "
                + "(cleanup.policy=compact keeps the latest record per key): every record needs a key. Nothing of this "
                + "request was appended.");
    }

    /** Appends every batch; the first on this thread, the others on workers, so their fsyncs overlap. */
    private List<Batch> appendAll(List<Batch> batches) {
        List<CompletableFuture<Void>> others = new ArrayList<>(batches.size() - 1);
        for (Batch batch : batches.subList(1, batches.size())) {
            others.add(CompletableFuture.runAsync(batch::append, workers));
        }
        batches.get(0).append();
        others.forEach(CompletableFuture::join);
        return batches;
    }

    private static List<RecordResult> collect(List<ProduceRecord> records, List<Batch> batches, boolean logAppendTime) {
        RecordResult[] results = new RecordResult[records.size()];
        for (Batch batch : batches) {
            for (int j = 0; j < batch.indexes.size(); j++) {
                int i = batch.indexes.get(j);
                if (batch.result != null) {
                    long ts = records.get(i).timestamp();
                    results[i] = new RecordResult(batch.partition(), batch.result.baseOffset() + j,
                            logAppendTime || ts < 0 ? batch.result.logAppendTime() : ts, null);
                } else {
                    results[i] = RecordResult.failed(batch.error);
                }
            }
        }
        return List.of(results);
    }

    /** Records of one request for one partition, appended as one batch. */
    private static final class Batch {
        final PartitionLog partitionLog;
        final int ordinal;
        /** Null unless the request has an Idempotency-Key. */
        final ProducerIdentity identity;
        final List<Integer> indexes = new ArrayList<>();
        final List<NewRecord> records = new ArrayList<>();
        int bytes;
        AppendResult result;
        RuntimeException error;

        Batch(PartitionLog partitionLog, int ordinal, ProducerIdentity identity) {
            this.partitionLog = partitionLog;
            this.ordinal = ordinal;
            this.identity = identity;
        }

        void add(int index, NewRecord record, int size) {
            indexes.add(index);
            records.add(record);
            bytes += size;
        }

        int partition() {
            return partitionLog.topicPartition().partition();
        }

        /** Appends; a failure becomes this batch's per-record error. */
        void append() {
            try {
                result = partitionLog.append(records, identity);
            } catch (RuntimeException e) {
                error = e instanceof LogException log ? EngineErrors.translate(log) : e;
            }
        }
    }
}
