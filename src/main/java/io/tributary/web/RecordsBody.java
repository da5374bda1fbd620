package io.tributary.web;

import io.tributary.common.EmbeddedFormat;
import io.tributary.common.FetchedRecord;

import io.swagger.v3.oas.annotations.extensions.Extension;
import io.swagger.v3.oas.annotations.extensions.ExtensionProperty;
import io.swagger.v3.oas.annotations.media.Schema;

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

    /** One record as written: for the OpenAPI document only (the writer is not Jackson, so its schema is declared). */
    @Schema(name = "ConsumerRecordV2", description = "A record as the v2 consumer API returns it")
    public record Item(String topic,
                       @Schema(description = "JSON in the json format, base64 in the binary format; null for none",
                               types = {"string", "number", "integer", "boolean", "object", "array", "null"}) Object key,
                       @Schema(description = "JSON in the json format, base64 in the binary format; null for a tombstone",
                               types = {"string", "number", "integer", "boolean", "object", "array", "null"}) Object value,
                       int partition, long offset,
                       @Schema(description = "Tributary extension: epoch milliseconds", extensions = @Extension(
                               properties = @ExtensionProperty(name = OpenApiConventions.EXTENSION, value = "true",
                                       parseValue = true))) long timestamp,
                       @Schema(description = "Tributary extension: the record's headers, values in base64",
                               extensions = @Extension(properties = @ExtensionProperty(name = OpenApiConventions.EXTENSION,
                                       value = "true", parseValue = true))) List<Header> headers) {
    }

    /** A record header: for the OpenAPI document only. */
    @Schema(name = "ConsumerRecordHeaderV2")
    public record Header(String key, @Schema(description = "base64; null for none") String value) {
    }
}
