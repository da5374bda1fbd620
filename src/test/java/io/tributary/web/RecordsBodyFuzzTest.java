package io.tributary.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.EmbeddedFormat;
import io.tributary.common.FetchedRecord;
import io.tributary.common.RecordHeader;
import io.tributary.common.StoredRecord;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The records body writer on arbitrary stored bytes: in the binary format every record is written; in the json format a
 * record is either refused with 42203 before anything is written, or written as well-formed UTF-8 JSON whose key and
 * value are the stored JSON. {@code JAZZER_FUZZ=1} fuzzes (see docs/reliability.md).
 */
class RecordsBodyFuzzTest {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    @FuzzTest(maxDuration = "5m")
    void storedBytesAreWrittenAsValidJsonOrRefused(FuzzedDataProvider data) {
        EmbeddedFormat format = data.consumeBoolean() ? EmbeddedFormat.JSON : EmbeddedFormat.BINARY;
        byte[] key = data.consumeBoolean() ? null : data.consumeBytes(data.consumeInt(0, 64));
        String headerKey = data.consumeString(16);
        byte[] value = data.consumeRemainingAsBytes();
        List<RecordHeader> headers = RecordHeader.isWellFormed(headerKey) ? List.of(new RecordHeader(headerKey, key)) : List.of();
        FetchedRecord record = new FetchedRecord("t", 0, new StoredRecord(7, 1, key, value, headers));
        try {
            RecordsBodyConverter.requireConvertible(List.of(record), format);
        } catch (ApiException refused) {
            assertThat(format).isEqualTo(EmbeddedFormat.JSON);
            assertThat(refused.errorCode()).isEqualTo(ErrorCode.VALUE_CONVERSION);
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
            RecordsBodyConverter.writeRecord(g, record, format);
        }
        byte[] written = out.toByteArray();
        requireWellFormed(written);
        JsonNode node = MAPPER.readTree(written);
        if (format == EmbeddedFormat.JSON) {
            assertThat(node.get("value")).isEqualTo(MAPPER.readTree(value));
            if (key != null) {
                assertThat(node.get("key")).isEqualTo(MAPPER.readTree(key));
            }
        } else {
            assertThat(node.get("value").binaryValue()).isEqualTo(value);
        }
    }

    /** Parses every token and decodes every string, so invalid UTF-8 anywhere fails (skipping would not notice it). */
    private static void requireWellFormed(byte[] json) {
        try (JsonParser p = Json.FACTORY.createParser(json)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.VALUE_STRING || t == JsonToken.PROPERTY_NAME) {
                    p.getString();
                }
            }
        }
        assertThat(Arrays.equals(json, new String(json, java.nio.charset.StandardCharsets.UTF_8)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8))).as("well-formed UTF-8").isTrue();
    }
}
