package io.tributary.web;

import java.io.ByteArrayOutputStream;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;

/**
 * Streaming JSON shared by the record codecs: one factory (thread-safe) whose generators write consecutive root
 * values with no separator, and the checks that stored bytes are one JSON value.
 */
public final class Json {

    public static final JsonFactory FACTORY = JsonFactory.builder().rootValueSeparator((String) null).build();

    /**
     * For request bodies read whole into values (not copied as sent): a property given twice in one object is refused
     * as malformed, since which one would count is ambiguous.
     */
    public static final JsonFactory STRICT_FACTORY = FACTORY.rebuild().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private Json() {
    }

    /**
     * Whether {@code bytes} hold exactly one JSON value (surrounding whitespace allowed) as UTF-8 text, so they can be
     * copied as they are into a UTF-8 JSON response.
     */
    public static boolean isJson(byte[] bytes) {
        if (!isUtf8Text(bytes)) {
            return false;
        }
        try (JsonParser p = FACTORY.createParser(bytes)) {
            if (p.nextToken() == null) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (JacksonException e) {
            return false;
        }
    }

    /**
     * Well-formed UTF-8 (no overlong forms, no surrogates, nothing past U+10FFFF) without NUL bytes or a byte order
     * mark. Jackson's own checks are not enough for bytes copied as they are: it takes NUL bytes near the start as
     * UTF-16 or UTF-32, skips a BOM, and passes some ill-formed sequences inside strings.
     */
    static boolean isUtf8Text(byte[] bytes) {
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            return false;
        }
        int i = 0;
        while (i < bytes.length) {
            int b = bytes[i] & 0xFF;
            if (b < 0x80) {
                if (b == 0) {
                    return false;
                }
                i++;
                continue;
            }
            int length;
            int min;
            int max = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) {
                length = 2;
                min = 0x80;
            } else if (b >= 0xE0 && b <= 0xEF) {
                length = 3;
                min = b == 0xE0 ? 0xA0 : 0x80; // no overlong forms
                max = b == 0xED ? 0x9F : 0xBF; // no surrogates
            } else if (b >= 0xF0 && b <= 0xF4) {
                length = 4;
                min = b == 0xF0 ? 0x90 : 0x80;
                max = b == 0xF4 ? 0x8F : 0xBF; // nothing past U+10FFFF
            } else {
                return false;
            }
            if (i + length > bytes.length) {
                return false;
            }
            int second = bytes[i + 1] & 0xFF;
            if (second < min || second > max) {
                return false;
            }
            for (int k = 2; k < length; k++) {
                if ((bytes[i + k] & 0xC0) != 0x80) {
                    return false;
                }
            }
            i += length;
        }
        return true;
    }

    /**
     * Copies JSON values from parsers into compact UTF-8 JSON text, numbers exactly as written. Reuses one buffer
     * and generator; not thread-safe, one per request.
     */
    public static final class Copier implements AutoCloseable {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
        private final JsonGenerator generator = FACTORY.createGenerator(buffer);

        /** The current value of {@code p} (a scalar or a whole structure) as JSON text; JSON null gives null. */
        public byte[] copy(JsonParser p) {
            if (p.currentToken() == JsonToken.VALUE_NULL) {
                return null;
            }
            int depth = 0;
            do {
                JsonToken t = p.currentToken();
                if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                    // the text as written: no BigDecimal round trip, which turns 1e400 into 1E+400 and fails on
                    // 2e4004078579 (an exponent past int range; found by ProduceRequestFuzzTest)
                    generator.writeNumber(p.getString());
                } else {
                    generator.copyCurrentEvent(p);
                }
                depth += t.isStructStart() ? 1 : t.isStructEnd() ? -1 : 0;
            } while (depth > 0 && p.nextToken() != null);
            generator.flush();
            byte[] bytes = buffer.toByteArray();
            buffer.reset();
            return bytes;
        }

        @Override
        public void close() {
            generator.close();
        }
    }
}
