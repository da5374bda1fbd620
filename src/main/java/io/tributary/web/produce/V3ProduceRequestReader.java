package io.tributary.web.produce;

import io.tributary.produce.ProduceRecord;
import io.tributary.web.ApiException;
import io.tributary.web.ErrorCode;
import io.tributary.web.Json;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.function.Function;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.async.ByteArrayFeeder;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.util.TokenBuffer;

/**
 * Reads the v3 produce body: one record object, or several concatenated (optionally whitespace-separated), one at a
 * time as they arrive. Bytes are fed to a non-blocking parser, so the caller can ask whether another record is
 * complete <em>without waiting</em> ({@link #hasNextNow()}) and append everything a client has already sent as one
 * batch, while a client that sends one record and waits for its answer is never kept waiting. A record with a bad
 * field fails alone and the stream goes on; malformed JSON ends the stream. Every field of a record is interpreted (JSON
 * data is re-serialized from a tree), so a field given twice anywhere in a record is malformed JSON here.
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

    private final InputStream body;
    private final byte[] chunk = new byte[16 * 1024];
    private final JsonParser parser = Json.STRICT_FACTORY.createNonBlockingByteArrayParser(ObjectReadContext.empty());
    private final ByteArrayFeeder feeder = (ByteArrayFeeder) parser.nonBlockingInputFeeder();
    private TokenBuffer partial;
    private TokenBuffer complete;
    private boolean ended;
    private RuntimeException failure;

    V3ProduceRequestReader(InputStream body) {
        this.body = body;
    }

    /** Whether another record follows; blocks until the client sends one or ends the body. */
    boolean hasNext() {
        return advance(true);
    }

    /** Whether another record is complete in what the client has sent so far; never blocks. */
    boolean hasNextNow() {
        return advance(false);
    }

    /** Whether the stream ended early: malformed JSON, or a body that could not be read (too large, cut). */
    boolean broken() {
        return failure != null;
    }

    /** The next record; call after {@link #hasNext()} answered true. @throws ApiException for a bad record */
    V3Record next() {
        if (!hasNext()) {
            throw new IllegalStateException("no record left");
        }
        TokenBuffer tokens = complete;
        complete = null;
        try (JsonParser p = tokens.asParser(ObjectReadContext.empty())) {
            return record(MAPPER.readTree(p));
        }
    }

    /**
     * One record of a produce request, as a JSON tree: a streamed record, or an entry of a batch (whose other
     * fields, such as its id, are ignored here). @throws ApiException for a bad record
     */
    static V3Record record(JsonNode node) {
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

    /**
     * Parses until a root value is complete; reads the body when the parser needs more, blocking only if allowed.
     * After the stream broke, every call throws the same failure again.
     */
    private boolean advance(boolean block) {
        if (failure != null) {
            throw failure;
        }
        try {
            while (complete == null && !ended) {
                JsonToken t = parser.nextToken();
                if (t == JsonToken.NOT_AVAILABLE) {
                    if (!block && body.available() <= 0) {
                        return false;
                    }
                    int n = body.read(chunk);
                    if (n < 0) {
                        feeder.endOfInput();
                    } else {
                        feeder.feedInput(chunk, 0, n);
                    }
                } else if (t == null) {
                    ended = true;
                } else {
                    if (partial == null) {
                        partial = new TokenBuffer(false);
                    }
                    partial.copyCurrentEvent(parser);
                    if (parser.streamReadContext().inRoot()) {
                        complete = partial;
                        partial = null;
                    }
                }
            }
            return complete != null;
        } catch (IOException e) {
            failure = new ApiException(ErrorCode.BAD_REQUEST, "The request body could not be read: " + e.getMessage());
        } catch (RuntimeException e) {
            failure = e; // malformed JSON, the request size limit: the error handler answers them
        }
        throw failure;
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
        if (!type.isString()) {
            throw new ApiException(ErrorCode.INVALID_PAYLOAD, "Invalid " + field + ".type: expected \"JSON\", \"BINARY\" or \"STRING\".");
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
                yield RecordFields.utf8(data.stringValue(), field + ".data");
            }
        };
    }

    @Override
    public void close() {
        parser.close();
    }
}
