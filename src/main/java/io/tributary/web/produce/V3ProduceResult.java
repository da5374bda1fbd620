package io.tributary.web.produce;

import io.tributary.produce.RecordResult;
import io.tributary.web.ErrorBody;
import io.tributary.web.ErrorCode;
import io.tributary.web.ErrorTranslator;

import java.time.Instant;
import java.util.function.Function;

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

    /** The answer for a record that failed with {@code error}, as the error translator words it. */
    static V3ProduceResult error(Throwable error) {
        return error(ErrorTranslator.toBody(error));
    }

    /**
     * The answer for a record that could not be read (a wrong type, invalid base64, an unsupported format): 400 with
     * the reader's message, as Confluent answers a record its JSON reader refuses, whatever finer code v2 gives it.
     */
    static V3ProduceResult unreadable(Throwable error) {
        return new V3ProduceResult(ErrorCode.BAD_REQUEST.code(), ErrorTranslator.toBody(error).message(),
                null, null, null, null, null, null, null);
    }

    static V3ProduceResult error(ErrorBody body) {
        return new V3ProduceResult(body.errorCode(), body.message(), null, null, null, null, null, null, null);
    }

    /** @param errors translates a failed record's error (one translator per response: see ErrorTranslator.perFailure) */
    static V3ProduceResult of(String clusterId, String topic, V3ProduceRequestReader.V3Record record,
                              RecordResult result, Function<Throwable, ErrorBody> errors) {
        if (result.failed()) {
            return error(errors.apply(result.error()));
        }
        return new V3ProduceResult(200, null, clusterId, topic, result.partition(), result.offset(),
                Instant.ofEpochMilli(result.timestamp()).toString(),
                Data.of(record.keyType(), record.record().key()), Data.of(record.valueType(), record.record().value()));
    }
}
