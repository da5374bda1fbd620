package io.tributary.produce;

import io.tributary.web.ApiException;
import io.tributary.web.ErrorCode;
import io.tributary.web.Json;

import java.io.InputStream;
import java.util.Locale;
import java.util.function.Function;

import tools.jackson.core.JsonParser;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the v3 produce body: one record object, or several concatenated (optionally whitespace-separated), one at a
 * time as they arrive. A record with a bad field fails alone and the stream goes on; malformed JSON ends the stream.
 * <p>Record: {@code {"partition_id"?, "headers"?:[{"name","value"(base64)}], "key"?:{"type","data"},
 * "value"?:{"type","data"}, "timestamp"?}}, type JSON (the default when omitted), BINARY (base64) or STRING.
 */
final class V3ProduceRequestReader implements AutoCloseable {

    /** How key or value data is given; {@code null} in {@link V3Record} when the record has no key / value. */
    enum DataType { JSON, BINARY, STRING }

    record V3Record(ProduceRecord record, DataType keyType, DataType valueType) {
    }

    // Exact numbers: a JSON 0.1 or 12345678901234567890 is stored as written.
    static final JsonMapper MAPPER = JsonMapper.builder(Json.FACTORY)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private final JsonParser parser;
    private boolean advanced;
    private boolean broken;

    V3ProduceRequestReader(InputStream body) {
        this.parser = MAPPER.createParser(body);
    }

    /** Whether another record follows; blocks until the client sends one or ends the body. */
    boolean hasNext() {
        if (broken) {
            return false;
        }
        if (!advanced) {
            try {
                parser.nextToken();
            } catch (StreamReadException e) {
                throw malformed(e);
            } catch (RuntimeException e) {
                broken = true;
                throw e;
            }
            advanced = true;
        }
        return parser.currentToken() != null;
    }

    /** Whether malformed JSON ended the stream. */
    boolean broken() {
        return broken;
    }

    /** The next record; call after {@link #hasNext()} answered true. @throws ApiException for a bad record */
    V3Record next() {
        hasNext();
        advanced = false;
        JsonNode node;
        try {
            node = MAPPER.readTree(parser);
        } catch (StreamReadException e) {
            throw malformed(e);
        } catch (RuntimeException e) {
            broken = true; // the body could not be read (too large, connection lost): no record follows
            throw e;
        }
        if (!node.isObject()) {
            throw new ApiException(ErrorCode.INVALID_PAYLOAD, "Each record must be a JSON object "
                    + "{\"key\"?:{\"type\",\"data\"}, \"value\":{\"type\",\"data\"}, ...}.");
        }
        DataType keyType = type(node.get("key"), "key");
        DataType valueType = type(node.get("value"), "value");
        return new V3Record(new ProduceRecord(
                field(node, "partition_id", p -> RecordFields.partition(p, "partition_id")),
                data(node.get("key"), keyType, "key"),
                data(node.get("value"), valueType, "value"),
                field(node, "headers", p -> RecordFields.headers(p, "headers")),
                orNow(field(node, "timestamp", p -> RecordFields.timestamp(p, "timestamp")))), keyType, valueType);
    }

    private ApiException malformed(StreamReadException e) {
        broken = true;
        return new ApiException(ErrorCode.BAD_REQUEST, "Malformed JSON in request body: " + e.getOriginalMessage());
    }

    private static long orNow(Long timestamp) {
        return timestamp == null ? -1 : timestamp;
    }

    /** Reads a field with the streaming readers v2 uses, so both APIs accept the same values. */
    private static <T> T field(JsonNode record, String name, Function<JsonParser, T> reader) {
        JsonNode node = record.get(name);
        if (node == null) {
            return null;
        }
        try (JsonParser p = MAPPER.treeAsTokens(node)) {
            p.nextToken();
            return reader.apply(p);
        }
    }

    private static DataType type(JsonNode data, String field) {
        if (data == null || data.isNull()) {
            return null;
        }
        if (!data.isObject()) {
            throw new ApiException(ErrorCode.INVALID_PAYLOAD, "Invalid " + field + ": expected an object {\"type\": "
                    + "\"JSON\"|\"BINARY\"|\"STRING\", \"data\": ...}, for example {\"type\":\"STRING\",\"data\":\"hi there\"}.");
        }
        JsonNode type = data.get("type");
        if (type == null || type.isNull()) {
            return DataType.JSON;
        }
        try {
            return DataType.valueOf(type.asString().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.INVALID_PAYLOAD, "Unsupported " + field + ".type '" + type.asString()
                    + "': JSON, BINARY or STRING (schema formats need a schema registry, which Tributary does not have).");
        }
    }

    private static byte[] data(JsonNode holder, DataType type, String field) {
        if (type == null) {
            return null;
        }
        JsonNode data = holder.get("data");
        if (data == null || data.isNull()) {
            return null;
        }
        return switch (type) {
            case JSON -> MAPPER.writeValueAsBytes(data);
            case BINARY -> {
                if (!data.isString()) {
                    throw new ApiException(ErrorCode.INVALID_PAYLOAD, "Invalid " + field + ".data: BINARY data must be a base64 string.");
                }
                yield RecordFields.decodeBase64(data.stringValue(), field + ".data");
            }
            case STRING -> {
                if (!data.isString()) {
                    throw new ApiException(ErrorCode.INVALID_PAYLOAD, "Invalid " + field + ".data: STRING data must be a JSON string.");
                }
                yield RecordFields.utf8(data.stringValue());
            }
        };
    }

    @Override
    public void close() {
        parser.close();
    }
}
