package io.tributary.log;

import io.tributary.common.RecordHeader;

import java.util.List;

import org.apache.kafka.common.record.internal.DefaultRecordBatch;

/**
 * A record to append. Key and value are the stored bytes and may be null.
 * A negative timestamp means "now" (the append time).
 */
public record NewRecord(byte[] key, byte[] value, List<RecordHeader> headers, long timestamp) {

    /** What a batch adds to its records' {@link #estimatedSize()}s: Kafka's record batch header. */
    public static final int BATCH_OVERHEAD = DefaultRecordBatch.RECORD_BATCH_OVERHEAD;

    public NewRecord {
        headers = headers == null ? List.of() : List.copyOf(headers);
    }

    /** Bytes this record takes in a batch, roughly; used for size limits before encoding. */
    public int estimatedSize() {
        int size = 24 + (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
        for (RecordHeader h : headers) {
            size += 8 + h.key().length() + (h.value() == null ? 0 : h.value().length);
        }
        return size;
    }
}
