package io.tributary.web;

import io.tributary.common.EmbeddedFormat;
import io.tributary.common.FetchedRecord;

import java.util.List;

/**
 * A response body of records, written as the Kafka REST JSON array
 * {@code [{"topic","key","value","partition","offset","timestamp","headers"}]} in the given format. Controllers return
 * it; its writer streams it without building a JSON tree.
 */
public record RecordsBody(EmbeddedFormat format, List<FetchedRecord> records) {

    public RecordsBody {
        records = List.copyOf(records);
    }
}
