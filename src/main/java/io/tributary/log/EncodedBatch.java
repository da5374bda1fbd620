package io.tributary.log;

import io.tributary.common.RecordHeader;

import java.nio.ByteBuffer;
import java.util.List;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.TimestampType;

/**
 * One append's records encoded as a Kafka v2 record batch with base offset 0, built outside any lock. The appender
 * later only patches the base offset, which the batch's CRC32C does not cover.
 */
final class EncodedBatch {

    private static final int BASE_OFFSET_POSITION = 0;
    private static final Header[] NO_HEADERS = new Header[0];

    private final ByteBuffer buffer;
    private final int recordCount;
    private final long maxTimestamp;

    private EncodedBatch(ByteBuffer buffer, int recordCount, long maxTimestamp) {
        this.buffer = buffer;
        this.recordCount = recordCount;
        this.maxTimestamp = maxTimestamp;
    }

    /**
     * Records with a negative timestamp get {@code nowMs}; with {@code logAppendTime} all of them do, and the batch is
     * flagged LogAppendTime as Kafka does.
     */
    static EncodedBatch encode(List<NewRecord> records, long nowMs, boolean logAppendTime) {
        return encode(records, nowMs, logAppendTime, null);
    }

    /** As {@link #encode(List, long, boolean)}, with {@code identity} (null for none) in the batch header. */
    static EncodedBatch encode(List<NewRecord> records, long nowMs, boolean logAppendTime, ProducerIdentity identity) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("An append needs at least one record");
        }
        int estimate = DefaultRecordBatch.RECORD_BATCH_OVERHEAD;
        for (NewRecord r : records) {
            estimate += r.estimatedSize();
        }
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(estimate), RecordBatch.MAGIC_VALUE_V2,
                Compression.NONE, logAppendTime ? TimestampType.LOG_APPEND_TIME : TimestampType.CREATE_TIME, 0L,
                logAppendTime ? nowMs : RecordBatch.NO_TIMESTAMP,
                identity == null ? RecordBatch.NO_PRODUCER_ID : identity.producerId(),
                identity == null ? RecordBatch.NO_PRODUCER_EPOCH : identity.epoch(),
                identity == null ? RecordBatch.NO_SEQUENCE : identity.baseSequence());
        long maxTimestamp = -1;
        for (NewRecord r : records) {
            long timestamp = logAppendTime || r.timestamp() < 0 ? nowMs : r.timestamp();
            builder.append(timestamp, r.key(), r.value(), headers(r.headers()));
            maxTimestamp = Math.max(maxTimestamp, timestamp);
        }
        return new EncodedBatch(builder.build().buffer(), records.size(), maxTimestamp);
    }

    private static Header[] headers(List<RecordHeader> headers) {
        if (headers.isEmpty()) {
            return NO_HEADERS;
        }
        Header[] out = new Header[headers.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = new org.apache.kafka.common.header.internals.RecordHeader(headers.get(i).key(), headers.get(i).value());
        }
        return out;
    }

    int sizeInBytes() {
        return buffer.remaining();
    }

    int recordCount() {
        return recordCount;
    }

    long maxTimestamp() {
        return maxTimestamp;
    }

    /** The bytes to write, with the base offset set; each call returns a fresh view of the same bytes. */
    ByteBuffer withBaseOffset(long baseOffset) {
        ByteBuffer view = buffer.duplicate();
        view.putLong(view.position() + BASE_OFFSET_POSITION, baseOffset);
        return view;
    }
}
