package io.tributary.web.produce;

import io.tributary.common.EmbeddedFormat;
import io.tributary.common.RecordHeader;
import io.tributary.produce.ProduceRecord;
import io.tributary.web.ApiException;
import io.tributary.web.ErrorCode;
import io.tributary.web.Json;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Reads a v2 produce body {@code {"records":[{"key","value","partition","headers","timestamp"}]}} with a streaming
 * parser, no JSON tree: json keys and values are copied to compact JSON text, binary ones decoded from base64.
 * Unknown fields are ignored (schema fields, for instance). A field given twice in the envelope is refused (which one
 * would count is ambiguous); inside a json key or value it is the client's data and is stored as sent.
 */
final class V2ProduceRequestReader {

    private V2ProduceRequestReader() {
    }

    /**
     * @throws ApiException 400 for a duplicate field, 42206 for a wrong shape or type, 42203 for bad base64, 413
     *                      beyond {@code maxRecords} records
     * @throws tools.jackson.core.JacksonException for malformed JSON (mapped to 400 by the error handler)
     */
    static List<ProduceRecord> read(InputStream body, EmbeddedFormat format, int maxRecords) {
        try (JsonParser p = Json.FACTORY.createParser(body); Json.Copier copier = new Json.Copier()) {
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_OBJECT) {
                throw new ApiException(ErrorCode.INVALID_PAYLOAD, t == null ? "Request body is empty. Data is required."
                        : "Request body must be an object {\"records\":[...]}.");
            }
            List<ProduceRecord> records = null;
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                t = p.nextToken();
                if (name.equals("records")) {
                    if (records != null) {
                        throw RecordFields.duplicate("records");
                    }
                    if (t != JsonToken.START_ARRAY) {
                        throw RecordFields.wrongType("records", "an array", t);
                    }
                    records = readRecords(p, format, copier, maxRecords);
                } else {
                    p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new ApiException(ErrorCode.BAD_REQUEST, "Malformed request body: unexpected content after the JSON object.");
            }
            if (records == null || records.isEmpty()) {
                throw new ApiException(ErrorCode.INVALID_PAYLOAD, "No records to produce: 'records' must be a non-empty array.");
            }
            return records;
        }
    }

    private static List<ProduceRecord> readRecords(JsonParser p, EmbeddedFormat format, Json.Copier copier, int maxRecords) {
        List<ProduceRecord> records = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (records.size() == maxRecords) {
                throw tooManyRecords(maxRecords);
            }
            String at = "records[" + records.size() + "]";
            if (t != JsonToken.START_OBJECT) {
                throw RecordFields.wrongType(at, "an object", t);
            }
            Integer partition = null;
            byte[] key = null;
            byte[] value = null;
            List<RecordHeader> headers = List.of();
            long timestamp = -1;
            RecordFields.Seen seen = new RecordFields.Seen(at, RecordFields.RECORD_FIELDS);
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                p.nextToken();
                seen.once(name);
                switch (name) {
                    case "key" -> key = data(p, format, copier, at + ".key");
                    case "value" -> value = data(p, format, copier, at + ".value");
                    case "partition" -> partition = RecordFields.partition(p, at + ".partition");
                    case "headers" -> headers = RecordFields.headers(p, at + ".headers");
                    case "timestamp" -> timestamp = RecordFields.timestamp(p, at + ".timestamp");
                    default -> p.skipChildren();
                }
            }
            records.add(new ProduceRecord(partition, key, value, headers, timestamp));
        }
        return records;
    }

    private static byte[] data(JsonParser p, EmbeddedFormat format, Json.Copier copier, String field) {
        return format == EmbeddedFormat.JSON ? copier.copy(p) : RecordFields.base64(p, field);
    }

    static ApiException tooManyRecords(int max) {
        return new ApiException(ErrorCode.REQUEST_TOO_LARGE, "Too many records in one request: at most " + max
                + " are accepted (tributary.produce.max-records-per-request).");
    }
}
