package io.tributary.web.produce;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The v3 produce request bodies under the names Confluent's document gives them, for the OpenAPI document only, so a
 * client generated from Tributary's document has the same request types as one generated from Confluent's. The
 * controllers do not bind these: they read the bodies by hand ({@link V3ProduceRequestReader}), record by record, so a
 * stream of records is never held whole and each record's error is reported on its own.
 */
final class V3ProduceSchemas {

    private V3ProduceSchemas() {
    }

    @Schema(name = "ProduceRequest", description = "One record; a stream of them, concatenated, is answered with one "
            + "report per record")
    record ProduceRequest(@JsonProperty("partition_id") @Schema(nullable = true) Integer partitionId,
                          List<Header> headers, Data key, Data value,
                          @Schema(format = "date-time", nullable = true) String timestamp) {
    }

    @Schema(name = "ProduceRequestHeader", requiredProperties = "name")
    record Header(String name, @Schema(format = "byte", nullable = true, description = "base64") String value) {
    }

    @Schema(name = "ProduceRequestData", nullable = true, description = "A key or value: BINARY (base64 data), JSON "
            + "(any JSON data) or STRING; the schema registry types (AVRO, JSONSCHEMA, PROTOBUF) are refused, per record")
    record Data(@Schema(allowableValues = {"BINARY", "JSON", "STRING"}) String type,
                @Schema(description = "the bytes (BINARY: base64), the JSON value or the text") Object data) {
    }

    @Schema(name = "ProduceBatchRequest", requiredProperties = "entries")
    record ProduceBatchRequest(List<Entry> entries) {
    }

    @Schema(name = "ProduceBatchRequestEntry", requiredProperties = "id")
    record Entry(@Schema(minLength = 1, maxLength = 80) String id,
                 @JsonProperty("partition_id") @Schema(nullable = true) Integer partitionId,
                 List<Header> headers, Data key, Data value,
                 @Schema(format = "date-time", nullable = true) String timestamp) {
    }
}
