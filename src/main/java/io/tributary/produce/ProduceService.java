package io.tributary.produce;

import io.tributary.config.TributaryProperties;
import io.tributary.config.WorkerConfiguration;
import io.tributary.log.AppendResult;
import io.tributary.log.NewRecord;
import io.tributary.log.PartitionLog;
import io.tributary.log.TopicConfig;
import io.tributary.log.TopicLog;
import io.tributary.topic.TopicService;
import io.tributary.web.AccessControl;
import io.tributary.web.ApiException;
import io.tributary.web.ApiExceptionHandler;
import io.tributary.web.ErrorBody;
import io.tributary.web.ErrorCode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

/**
 * Turns a produce request into appends: validates every record first (a request that fails validation writes
 * nothing), assigns partitions, then appends one batch per partition (split only when a batch would pass the topic's
 * max.message.bytes), the partitions in parallel, and answers offsets in request order. A batch that fails to append
 * fails only its own records, reported per record as Confluent does.
 */
@Service
public class ProduceService {

    /** Kafka's record batch header; the engine's batch is this plus the records' own sizes. */
    static final int BATCH_OVERHEAD = 61;


    /** Where one record went, or why it did not (then {@code error} is set and partition/offset are meaningless). */
    public record RecordResult(int partition, long offset, long timestamp, ErrorCode error, String message) {
        public boolean failed() {
            return error != null;
        }
    }

    private final TopicService topics;
    private final TributaryProperties.Produce limits;
    private final ExecutorService workers;
    private final AccessControl access;
    private final Partitioner partitioner = new Partitioner();

    public ProduceService(TopicService topics, TributaryProperties properties,
                          @Qualifier(WorkerConfiguration.WORKERS) ExecutorService workers, AccessControl access) {
        this.topics = topics;
        this.limits = properties.produce();
        this.workers = workers;
        this.access = access;
    }

    public int maxRecordsPerRequest() {
        return limits.maxRecordsPerRequest();
    }

    /**
     * Fails fast, before a body is read, for a topic that cannot be produced to: an invalid name (42206) or, unless
     * auto-create is on, an unknown topic (40401). Auto-creating a topic is administration: the caller needs admin on
     * it (as Kafka's CREATE), produce is not enough (40301).
     */
    public void checkTopic(String topic) {
        if (topics.find(topic).isEmpty()) {
            if (!topics.autoCreate()) {
                topics.require(topic);
            }
            access.requireTopic(topic, AccessControl.Operation.ADMIN);
        }
    }

    /**
     * Appends the records to {@code topicName}; {@code partition} (from the URL) overrides the records' own.
     *
     * @return one result per record, in request order
     * @throws ApiException when the request as a whole is invalid; nothing is written then
     */
    public List<RecordResult> produce(String topicName, Integer partition, List<ProduceRecord> records) {
        if (records.isEmpty()) {
            throw new ApiException(ErrorCode.INVALID_PAYLOAD, "No records to produce: 'records' must not be empty.");
        }
        if (records.size() > limits.maxRecordsPerRequest()) {
            throw tooManyRecords(limits.maxRecordsPerRequest());
        }
        TopicLog topic = topics.forProduce(topicName);
        int partitions = topic.partitionCount();
        if (partition != null) {
            TopicService.partitionOf(topic, partition);
        }
        int[] assigned = partition == null ? partitioner.assign(records, partitions) : null;
        TopicConfig config = topic.config();
        List<Batch> batches = new ArrayList<>();
        Map<Integer, Batch> open = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            ProduceRecord record = records.get(i);
            int p = partition != null ? partition : assigned[i];
            if (partition == null && record.partition() != null) {
                TopicService.partitionOf(topic, p);
            }
            NewRecord newRecord = record.toNewRecord();
            int size = newRecord.estimatedSize();
            if (size + BATCH_OVERHEAD > config.maxMessageBytes()) {
                throw new ApiException(ErrorCode.REQUEST_TOO_LARGE, "Record " + i + " takes about " + (size + BATCH_OVERHEAD)
                        + " bytes, more than topic '" + topic.name() + "' accepts (max.message.bytes = "
                        + config.maxMessageBytes() + ").");
            }
            Batch batch = open.get(p);
            if (batch == null || batch.bytes + size > config.maxMessageBytes() - BATCH_OVERHEAD) {
                batch = new Batch(topic.partition(p));
                open.put(p, batch);
                batches.add(batch);
            }
            batch.add(i, newRecord, size);
        }
        return collect(records, appendAll(batches), config.logAppendTime());
    }

    static ApiException tooManyRecords(int max) {
        return new ApiException(ErrorCode.REQUEST_TOO_LARGE, "Too many records in one request: at most " + max
                + " are accepted (tributary.produce.max-records-per-request).");
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
                            logAppendTime || ts < 0 ? batch.result.logAppendTime() : ts, null, null);
                } else {
                    results[i] = new RecordResult(batch.partition(), -1, -1, batch.errorCode, batch.errorMessage);
                }
            }
        }
        return List.of(results);
    }

    /** Records of one request for one partition, appended as one batch. */
    private static final class Batch {
        final PartitionLog partitionLog;
        final List<Integer> indexes = new ArrayList<>();
        final List<NewRecord> records = new ArrayList<>();
        int bytes;
        AppendResult result;
        ErrorCode errorCode;
        String errorMessage;

        Batch(PartitionLog partitionLog) {
            this.partitionLog = partitionLog;
        }

        void add(int index, NewRecord record, int size) {
            indexes.add(index);
            records.add(record);
            bytes += size;
        }

        int partition() {
            return partitionLog.topicPartition().partition();
        }

        /** Appends, turning a failure into this batch's per-record error, as the error handler would answer it. */
        void append() {
            try {
                result = partitionLog.append(records);
            } catch (RuntimeException e) {
                ErrorBody body = ApiExceptionHandler.errorBody(e);
                fail(ErrorCode.of(body.errorCode()), body.message());
            }
        }

        private void fail(ErrorCode code, String message) {
            errorCode = code;
            errorMessage = message;
        }

    }
}
