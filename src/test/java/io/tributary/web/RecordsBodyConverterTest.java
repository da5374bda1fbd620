package io.tributary.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.common.EmbeddedFormat;
import io.tributary.common.FetchedRecord;
import io.tributary.common.RecordHeader;
import io.tributary.common.StoredRecord;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.http.MockHttpOutputMessage;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

class RecordsBodyConverterTest {

    private final RecordsBodyConverter converter = new RecordsBodyConverter();

    @Test
    void jsonFormatWritesStoredJsonTextRawAndHeadersInBase64() throws Exception {
        var body = new RecordsBody(EmbeddedFormat.JSON, List.of(
                record(0, "\"user1\"", "{\"amount\":42.50,\"city\":\"Zürich\"}", List.of(new RecordHeader("source", bytes("web")))),
                record(1, null, null, List.of(new RecordHeader("none", null)))));
        assertThat(write(body, MediaTypes.of(EmbeddedFormat.JSON))).isEqualTo("""
                [{"topic":"t","key":"user1","value":{"amount":42.50,"city":"Zürich"},"partition":2,"offset":0,\
                "timestamp":1718000000000,"headers":[{"key":"source","value":"d2Vi"}]},\
                {"topic":"t","key":null,"value":null,"partition":2,"offset":1,"timestamp":1718000000000,\
                "headers":[{"key":"none","value":null}]}]""");
    }

    @Test
    void binaryFormatWritesBase64() throws Exception {
        var body = new RecordsBody(EmbeddedFormat.BINARY, List.of(new FetchedRecord("t", 0,
                new StoredRecord(5, 7, bytes("user1"), new byte[] {0, 1, (byte) 0xFF}, List.of()))));
        assertThat(write(body, MediaTypes.of(EmbeddedFormat.BINARY))).isEqualTo("""
                [{"topic":"t","key":"dXNlcjE=","value":"AAH/","partition":0,"offset":5,"timestamp":7,"headers":[]}]""");
    }

    @Test
    void emptyBodyIsAnEmptyArray() throws Exception {
        assertThat(write(new RecordsBody(EmbeddedFormat.JSON, List.of()), MediaType.APPLICATION_JSON)).isEqualTo("[]");
    }

    @Test
    void aValueThatIsNotJsonFailsBeforeAnythingIsWritten() {
        var body = new RecordsBody(EmbeddedFormat.JSON, List.of(record(0, null, "{\"ok\":1}", List.of()),
                record(1, null, "hi there", List.of())));
        MockHttpOutputMessage out = new MockHttpOutputMessage();
        assertThatThrownBy(() -> converter.write(body, MediaTypes.of(EmbeddedFormat.JSON), out))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("offset 1").hasMessageContaining("binary")
                .satisfies(e -> assertThat(((ApiException) e).errorCode()).isEqualTo(ErrorCode.VALUE_CONVERSION));
        assertThat(out.getBodyAsBytes()).isEmpty();
    }

    @Test
    void keysAreCheckedToo() {
        assertThatThrownBy(() -> RecordsBodyConverter.requireConvertible(List.of(record(0, "user1", "1", List.of())),
                EmbeddedFormat.JSON)).hasMessageContaining("key");
        // the binary format takes any bytes
        RecordsBodyConverter.requireConvertible(List.of(record(0, "user1", "hi there", List.of())), EmbeddedFormat.BINARY);
    }

    @Test
    void writeRecordWritesOneObjectForReuse() {
        var out = new ByteArrayOutputStream();
        try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
            RecordsBodyConverter.writeRecord(g, record(3, null, "[1,2]", List.of()), EmbeddedFormat.JSON);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
                "{\"topic\":\"t\",\"key\":null,\"value\":[1,2],\"partition\":2,\"offset\":3,\"timestamp\":1718000000000,\"headers\":[]}");
    }

    @Test
    void largeValuesAreCopiedWhole() throws Exception {
        String big = "\"" + "x".repeat(100_000) + "\"";
        String written = write(new RecordsBody(EmbeddedFormat.JSON, List.of(record(0, null, big, List.of()))),
                MediaTypes.of(EmbeddedFormat.JSON));
        assertThat(written).contains(big);
    }

    @Test
    void binaryValuesOfEverySizeInOneBodyAreEachTheirOwnBase64() throws Exception {
        // one buffer serves every value of a response: a short value after a long one must not carry the long one's tail
        List<Integer> sizes = List.of(1000, 1, 0, 70_000, 2, 3, 1024, 5);
        List<FetchedRecord> records = new ArrayList<>();
        for (int i = 0; i < sizes.size(); i++) {
            byte[] value = new byte[sizes.get(i)];
            Arrays.fill(value, (byte) ('a' + i));
            byte[] header = new byte[sizes.get(sizes.size() - 1 - i)];
            Arrays.fill(header, (byte) ('A' + i));
            records.add(new FetchedRecord("t", 0, new StoredRecord(i, 0, value, value, List.of(new RecordHeader("h", header)))));
        }

        var array = new JsonMapper().readTree(write(new RecordsBody(EmbeddedFormat.BINARY, records), MediaTypes.of(EmbeddedFormat.BINARY)));

        assertThat(array).hasSize(records.size());
        for (int i = 0; i < records.size(); i++) {
            StoredRecord expected = records.get(i).record();
            var written = array.get(i);
            assertThat(Base64.getDecoder().decode(written.get("key").asString())).isEqualTo(expected.key());
            assertThat(Base64.getDecoder().decode(written.get("value").asString())).isEqualTo(expected.value());
            assertThat(Base64.getDecoder().decode(written.get("headers").get(0).get("value").asString()))
                    .isEqualTo(expected.headers().get(0).value());
        }
    }

    private String write(RecordsBody body, MediaType type) throws Exception {
        MockHttpOutputMessage out = new MockHttpOutputMessage();
        converter.write(body, type, out);
        assertThat(out.getHeaders().getContentType()).isEqualTo(type);
        return out.getBodyAsString(StandardCharsets.UTF_8);
    }

    private static FetchedRecord record(long offset, String key, String value, List<RecordHeader> headers) {
        return new FetchedRecord("t", 2, new StoredRecord(offset, 1718000000000L, key == null ? null : bytes(key),
                value == null ? null : bytes(value), headers));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
