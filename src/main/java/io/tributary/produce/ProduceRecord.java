package io.tributary.produce;

import io.tributary.common.RecordHeader;

import java.util.List;

/**
 * A record as a produce request gives it, already converted to stored bytes.
 *
 * @param partition the partition asked for, or null to let the partitioner choose
 * @param timestamp epoch ms, or negative for "now" (the append time)
 */
public record ProduceRecord(Integer partition, byte[] key, byte[] value, List<RecordHeader> headers, long timestamp) {

    public ProduceRecord {
        headers = headers == null ? List.of() : headers;
    }
}
