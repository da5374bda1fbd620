package io.tributary.web.produce;

import io.tributary.produce.RecordResult;
import io.tributary.web.ErrorBody;
import io.tributary.web.ErrorTranslator;

import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Confluent's v2 produce answer: one offset entry per record, in request order; failed records carry an error. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record V2ProduceResponse(@JsonProperty("key_schema_id") Integer keySchemaId,
                                @JsonProperty("value_schema_id") Integer valueSchemaId,
                                List<PartitionOffset> offsets) {

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record PartitionOffset(Integer partition, Long offset, @JsonProperty("error_code") Integer errorCode,
                                  String error) {
    }

    static V2ProduceResponse of(List<RecordResult> results) {
        Function<Throwable, ErrorBody> errors = ErrorTranslator.perFailure();
        return new V2ProduceResponse(null, null, results.stream()
                .map(r -> r.failed() ? failed(errors.apply(r.error()))
                        : new PartitionOffset(r.partition(), r.offset(), null, null))
                .toList());
    }

    private static PartitionOffset failed(ErrorBody error) {
        return new PartitionOffset(null, null, error.errorCode(), error.message());
    }
}
