package io.tributary.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Streaming scans of response bodies: no trees, no strings for the bulk values. */
final class Json {
    static final JsonFactory FACTORY = new JsonFactory();

    private Json() {
    }

    /** The first string or number value of a field with this name anywhere in the document, or null. */
    static String firstValue(byte[] body, int length, String field) {
        try (JsonParser parser = FACTORY.createParser(body, 0, length)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.FIELD_NAME && parser.currentName().equals(field)) {
                    JsonToken value = parser.nextToken();
                    if (value.isScalarValue()) {
                        return parser.getText();
                    }
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a consumer needs from one fetched record: its value as base64 characters (valid during the call). */
    interface RecordVisitor {
        void record(char[] base64, int offset, int length);
    }

    /**
     * Walks a consumer's records array ({@code [{"topic","key","value","partition","offset",...}]}) and hands each
     * value to the visitor; returns the number of records.
     */
    static int records(byte[] body, int length, RecordVisitor visitor) {
        try (JsonParser parser = FACTORY.createParser(body, 0, length)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new IllegalStateException("expected a records array, got: "
                        + new String(body, 0, Math.min(length, 300), java.nio.charset.StandardCharsets.UTF_8));
            }
            int count = 0;
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                count++;
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if (name.equals("value") && value == JsonToken.VALUE_STRING) {
                        visitor.record(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
                    } else {
                        parser.skipChildren();
                    }
                }
            }
            return count;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bytes encoded by a base64 text of this length ending in these characters. */
    static int decodedLength(char[] text, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        int padding = text[offset + length - 1] == '=' ? (text[offset + length - 2] == '=' ? 2 : 1) : 0;
        return length / 4 * 3 - padding;
    }
}
