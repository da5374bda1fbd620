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
            for (FetchedRecord r : body.records()) {
                writeRecord(g, r, body.format());
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
        StoredRecord r = fetched.record();
        g.writeStartObject();
        g.writeStringProperty("topic", fetched.topic());
        g.writeName("key");
        writeData(g, r.key(), format);
        g.writeName("value");
        writeData(g, r.value(), format);
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
                writeBase64(g, h.value());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeData(JsonGenerator g, byte[] data, EmbeddedFormat format) {
        if (data == null) {
            g.writeNull();
        } else if (format == EmbeddedFormat.JSON) {
            g.writeRawValue(new RawJson(data));
        } else {
            writeBase64(g, data);
        }
    }

    /**
     * The JDK's base64 encoder (a CPU intrinsic) is about 20 times faster than the generator's own byte-by-byte
     * {@code writeBinary}; base64 needs no escaping, so its bytes go into the output as a string value unchanged.
     */
    private static void writeBase64(JsonGenerator g, byte[] data) {
        byte[] encoded = Base64.getEncoder().encode(data);
        g.writeRawUTF8String(encoded, 0, encoded.length);
    }
}
