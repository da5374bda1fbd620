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

    /** Whether {@code bytes} hold exactly one JSON value (surrounding whitespace allowed). */
    public static boolean isJson(byte[] bytes) {
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
            generator.copyCurrentStructureExact(p);
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
