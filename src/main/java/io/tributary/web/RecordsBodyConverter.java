package io.tributary.web;

import io.tributary.common.EmbeddedFormat;
import io.tributary.common.FetchedRecord;
import io.tributary.common.RecordHeader;
import io.tributary.common.StoredRecord;

import java.util.Base64;
import java.util.List;

import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonGenerator;

/**
 * Writes a {@link RecordsBody} as the Kafka REST records array
 * {@code [{"topic","key","value","partition","offset","timestamp","headers":[{"key","value"}]}]}, streaming with a
 * Jackson generator, no tree. In the json format keys and values are written as the stored JSON text itself; in the
 * binary format as base64. Header values are always base64.
 *
 * <p>A record that is not valid JSON cannot be given in the json format: the whole body is checked before the first
 * byte is written, so the client gets a clean 42203 instead of a truncated array.
 */
@Component
public class RecordsBodyConverter extends AbstractHttpMessageConverter<RecordsBody> {

    public RecordsBodyConverter() {
        super(MediaTypes.of(EmbeddedFormat.JSON), MediaTypes.of(EmbeddedFormat.BINARY), MediaType.APPLICATION_JSON);
    }

    @Override
    protected boolean supports(Class<?> clazz) {
        return RecordsBody.class.isAssignableFrom(clazz);
    }

    @Override
    protected boolean canRead(MediaType mediaType) {
        return false;
    }

    @Override
    protected RecordsBody readInternal(Class<? extends RecordsBody> clazz, HttpInputMessage input) {
        throw new HttpMessageNotReadableException("Records bodies are not read", input);
    }

    @Override
    protected void writeInternal(RecordsBody body, HttpOutputMessage output) throws java.io.IOException {
        requireConvertible(body.records(), body.format());
        try (JsonGenerator g = Json.FACTORY.createGenerator(output.getBody())) {
            g.writeStartArray();
            Base64Scratch scratch = new Base64Scratch();
            for (FetchedRecord r : body.records()) {
                writeRecord(g, r, body.format(), scratch);
            }
            g.writeEndArray();
        }
    }

    /**
     * @throws ApiException 42203 when a key or value of {@code records} is not JSON and {@code format} is json
     */
    public static void requireConvertible(List<FetchedRecord> records, EmbeddedFormat format) {
        if (format != EmbeddedFormat.JSON) {
            return;
        }
        for (FetchedRecord r : records) {
            requireJson(r, r.record().key(), "key");
            requireJson(r, r.record().value(), "value");
        }
    }

    private static void requireJson(FetchedRecord r, byte[] data, String what) {
        if (data != null && !Json.isJson(data)) {
            throw new ApiException(ErrorCode.VALUE_CONVERSION, "The " + what + " of the record at offset " + r.record().offset()
                    + " of " + r.topic() + "-" + r.partition() + " is not valid JSON, so it cannot be returned in the json "
                    + "format; read it in the binary format (Accept: " + MediaTypes.BINARY_V2_JSON + ").");
        }
    }

    /**
     * Writes one record object. Reused for every records response and server-sent event; for the json format the
     * caller must have checked the record with {@link #requireConvertible}.
     */
    public static void writeRecord(JsonGenerator g, FetchedRecord fetched, EmbeddedFormat format) {
        writeRecord(g, fetched, format, new Base64Scratch());
    }

    private static void writeRecord(JsonGenerator g, FetchedRecord fetched, EmbeddedFormat format, Base64Scratch scratch) {
        StoredRecord r = fetched.record();
        g.writeStartObject();
        g.writeStringProperty("topic", fetched.topic());
        g.writeName("key");
        writeData(g, r.key(), format, scratch);
        g.writeName("value");
        writeData(g, r.value(), format, scratch);
        g.writeNumberProperty("partition", fetched.partition());
        g.writeNumberProperty("offset", r.offset());
        g.writeNumberProperty("timestamp", r.timestamp());
        g.writeName("headers");
        g.writeStartArray();
        for (RecordHeader h : r.headers()) {
            g.writeStartObject();
            g.writeStringProperty("key", h.key());
            g.writeName("value");
            if (h.value() == null) {
                g.writeNull();
            } else {
                scratch.write(g, h.value());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeData(JsonGenerator g, byte[] data, EmbeddedFormat format, Base64Scratch scratch) {
        if (data == null) {
            g.writeNull();
        } else if (format == EmbeddedFormat.JSON) {
            g.writeRawValue(new RawJson(data));
        } else {
            scratch.write(g, data);
        }
    }

    /**
     * Base64 for one response. The JDK's encoder (a CPU intrinsic) is about 20 times faster than the generator's own
     * byte-by-byte {@code writeBinary}; base64 needs no escaping, so its bytes go into the output as a string value
     * unchanged. They are encoded into one buffer reused for every value of the response, instead of a new array per
     * value (a consumer reading 1 KiB records would otherwise make ~1.4 KB of garbage per record).
     */
    private static final class Base64Scratch {
        private byte[] buffer = new byte[0];

        void write(JsonGenerator g, byte[] data) {
            int length = Math.toIntExact(4 * ((data.length + 2L) / 3));
            if (buffer.length < length) {
                buffer = new byte[Math.max(length, 2 * buffer.length)];
            }
            int written = Base64.getEncoder().encode(data, buffer);
            g.writeRawUTF8String(buffer, 0, written);
        }
    }
}
