package io.tributary.web.produce;

import io.tributary.common.RecordHeader;
import io.tributary.web.ApiException;
import io.tributary.web.ErrorCode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/** Reads the fields produce requests share (base64 data, headers, timestamps, partitions) from a streaming parser. */
final class RecordFields {

    /** The fields of a v2 record; "key" also stands for its alias "name" in a header. */
    static final List<String> RECORD_FIELDS = List.of("key", "value", "partition", "headers", "timestamp");
    static final List<String> HEADER_FIELDS = List.of("key", "value");

    private RecordFields() {
    }

    /** A base64 string (standard alphabet, padding optional) or null. @throws ApiException 42203 / 42206 */
    static byte[] base64(JsonParser p, String field) {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_STRING) {
            throw wrongType(field, "a base64 string or null", t);
        }
        return decodeBase64(p.getString(), field);
    }

    static byte[] decodeBase64(String text, String field) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.VALUE_CONVERSION, "Cannot convert " + field + " from base64: "
                    + e.getMessage() + ". Binary data must be standard base64 (RFC 4648).");
        }
    }

    /** An int or null. */
    static Integer partition(JsonParser p, String field) {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
            throw wrongType(field, "an integer partition", t);
        }
        return p.getIntValue();
    }

    /** Epoch milliseconds (a non-negative integer) or an ISO-8601 instant; null or absent means "now" (-1). */
    static long timestamp(JsonParser p, String field) {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return -1;
        }
        long ms;
        if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            ms = p.getLongValue();
        } else if (t == JsonToken.VALUE_STRING) {
            try {
                ms = Instant.parse(p.getString()).toEpochMilli();
            } catch (DateTimeParseException | ArithmeticException e) {
                throw new ApiException(ErrorCode.INVALID_PAYLOAD, "Invalid " + field + " '" + p.getString()
                        + "': expected epoch milliseconds or an ISO-8601 instant such as 2024-01-31T12:00:00Z.");
            }
        } else {
            throw wrongType(field, "epoch milliseconds or an ISO-8601 instant", t);
        }
        if (ms < 0) {
            throw new ApiException(ErrorCode.INVALID_PAYLOAD, "Invalid " + field + " " + ms + ": must not be negative.");
        }
        return ms;
    }

    /** {@code [{"key"|"name": "...", "value": "<base64>"|null}]} or null. */
    static List<RecordHeader> headers(JsonParser p, String field) {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return List.of();
        }
        if (t != JsonToken.START_ARRAY) {
            throw wrongType(field, "an array of {\"key\",\"value\"} objects", t);
        }
        List<RecordHeader> headers = new ArrayList<>();
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            String at = field + "[" + headers.size() + "]";
            if (t != JsonToken.START_OBJECT) {
                throw wrongType(at, "a {\"key\",\"value\"} object", t);
            }
            String key = null;
            byte[] value = null;
            Seen seen = new Seen(at, HEADER_FIELDS);
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                seen.once(name.equals("name") ? "key" : name);
                switch (name) {
                    case "key", "name" -> {
                        if (v != JsonToken.VALUE_STRING) {
                            throw wrongType(at + "." + name, "a string", v);
                        }
                        key = p.getString();
                    }
                    case "value" -> value = base64(p, at + ".value");
                    default -> p.skipChildren();
                }
            }
            if (key == null) {
                throw new ApiException(ErrorCode.INVALID_PAYLOAD, at + " needs a \"key\" (or \"name\").");
            }
            headers.add(new RecordHeader(wellFormed(key, at + ".key"), value));
        }
        return headers;
    }

    /** A field given twice in one object: which one counts would be ambiguous, so the request is refused. */
    static ApiException duplicate(String field) {
        return new ApiException(ErrorCode.BAD_REQUEST, "Malformed request body: duplicate field '" + field + "'.");
    }

    /** Tracks which of an object's known fields were given, to refuse one given twice; unknown fields are ignored. */
    static final class Seen {
        private final String at;
        private final List<String> known;
        private int given;

        Seen(String at, List<String> known) {
            this.at = at;
            this.known = known;
        }

        void once(String name) {
            int index = known.indexOf(name);
            if (index < 0) {
                return;
            }
            if ((given & (1 << index)) != 0) {
                throw duplicate(at + "." + name);
            }
            given |= 1 << index;
        }
    }

    /** UTF-8 of a JSON string; one with an unpaired surrogate (a lone {@code \\ud800}) has none and is refused. */
    static byte[] utf8(String s, String field) {
        return s == null ? null : wellFormed(s, field).getBytes(StandardCharsets.UTF_8);
    }

    private static String wellFormed(String s, String field) {
        if (!RecordHeader.isWellFormed(s)) {
            throw new ApiException(ErrorCode.VALUE_CONVERSION, "Cannot convert " + field
                    + " to UTF-8: it contains an unpaired surrogate (\\uD800 to \\uDFFF escape without its pair).");
        }
        return s;
    }

    static ApiException wrongType(String field, String expected, JsonToken actual) {
        return new ApiException(ErrorCode.INVALID_PAYLOAD, "Invalid " + field + ": expected " + expected + ", got "
                + describe(actual) + ".");
    }

    private static String describe(JsonToken t) {
        if (t == null) {
            return "the end of the body";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.toString();
        };
    }
}
