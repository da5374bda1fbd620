package io.tributary.produce;

import io.tributary.web.ApiException;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Confluent's v3 ProduceResponse, one per record: {@code error_code} 200 with where the record went, or the error's
 * code and message.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record V3ProduceResult(@JsonProperty("error_code") int errorCode, String message,
                       @JsonProperty("cluster_id") String clusterId, @JsonProperty("topic_name") String topicName,
                       @JsonProperty("partition_id") Integer partitionId, Long offset, String timestamp,
                       Data key, Data value) {

    /** The type the data was given as and its stored size in bytes. */
    record Data(String type, int size) {
        static Data of(V3ProduceRequestReader.DataType type, byte[] bytes) {
            return type == null ? null : new Data(type.name(), bytes == null ? 0 : bytes.length);
        }
    }

    boolean failed() {
        return errorCode != 200;
    }

    static V3ProduceResult error(int code, String message) {
        return new V3ProduceResult(code, message, null, null, null, null, null, null, null);
    }

    static V3ProduceResult error(ApiException e) {
        return error(e.errorCode().code(), e.getMessage());
    }

    static V3ProduceResult of(String clusterId, String topic, V3ProduceRequestReader.V3Record record,
                              ProduceService.RecordResult result) {
        if (result.failed()) {
            return error(result.error().code(), result.message());
        }
        return new V3ProduceResult(200, null, clusterId, topic, result.partition(), result.offset(),
                Instant.ofEpochMilli(result.timestamp()).toString(),
                Data.of(record.keyType(), record.record().key()), Data.of(record.valueType(), record.record().value()));
    }
}
