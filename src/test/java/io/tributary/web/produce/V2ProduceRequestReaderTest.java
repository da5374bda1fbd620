package io.tributary.web.produce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.common.EmbeddedFormat;
import io.tributary.produce.ProduceRecord;
import io.tributary.web.ApiException;
import io.tributary.web.ErrorCode;
import io.tributary.web.ErrorTranslator;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class V2ProduceRequestReaderTest {

    @Test
    void jsonKeysAndValuesAreStoredAsCompactJsonTextWithNumbersExact() {
        var records = read(EmbeddedFormat.JSON, """
                {"records":[{"key":"user1","value":{ "amount" : 42.50, "big": 123456789012345678901234567890,
                 "tiny": 1e-400, "text": "Zürich \\u00e9 \\"q\\"" }},
                 {"value":null},{"value":[1, true, null]}]}""");
        assertThat(text(records.get(0).key())).isEqualTo("\"user1\"");
        assertThat(text(records.get(0).value()))
                .isEqualTo("{\"amount\":42.50,\"big\":123456789012345678901234567890,\"tiny\":1e-400,\"text\":\"Zürich é \\\"q\\\"\"}");
        assertThat(records.get(1).key()).isNull();
        assertThat(records.get(1).value()).as("null value = tombstone").isNull();
        assertThat(text(records.get(2).value())).isEqualTo("[1,true,null]");
    }

    @Test
    void binaryKeysAndValuesAreDecodedFromBase64() {
        var records = read(EmbeddedFormat.BINARY, """
                {"records":[{"key":"dXNlcjE=","value":"AAH/","partition":2,"timestamp":1718000000000,
                 "headers":[{"key":"source","value":"d2Vi"},{"name":"trace","value":null}]}]}""");
        ProduceRecord r = records.get(0);
        assertThat(text(r.key())).isEqualTo("user1");
        assertThat(r.value()).containsExactly(0, 1, 0xFF);
        assertThat(r.partition()).isEqualTo(2);
        assertThat(r.timestamp()).isEqualTo(1718000000000L);
        assertThat(r.headers()).hasSize(2);
        assertThat(r.headers().get(0).key()).isEqualTo("source");
        assertThat(text(r.headers().get(0).value())).isEqualTo("web");
        assertThat(r.headers().get(1).key()).isEqualTo("trace");
        assertThat(r.headers().get(1).value()).isNull();
    }

    @Test
    void isoTimestampsAndUnknownFieldsAreAccepted() {
        var records = read(EmbeddedFormat.JSON, """
                {"value_schema_id":null,"records":[{"value":1,"timestamp":"2024-06-10T08:53:20Z","extra":{"a":[1]}}]}""");
        assertThat(records.get(0).timestamp()).isEqualTo(1718009600000L);
        assertThat(records.get(0).partition()).isNull();
        assertThat(records.get(0).timestamp()).isPositive();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"records\":[{\"value\":1}|400",
            "{\"records\":[{\"value\":1}]} trailing|400",
            "not json|400",
            "''|42206",
            "[]|42206",
            "{}|42206",
            "{\"records\":[]}|42206",
            "{\"records\":{}}|42206",
            "{\"records\":[1]}|42206",
            "{\"records\":[{\"value\":1,\"partition\":\"zero\"}]}|42206",
            "{\"records\":[{\"value\":1,\"partition\":1.5}]}|42206",
            "{\"records\":[{\"value\":1,\"timestamp\":-5}]}|42206",
            "{\"records\":[{\"value\":1,\"timestamp\":\"yesterday\"}]}|42206",
            "{\"records\":[{\"value\":1,\"headers\":{}}]}|42206",
            "{\"records\":[{\"value\":1,\"headers\":[{\"value\":null}]}]}|42206",
            "{\"records\":[{\"value\":1,\"headers\":[{\"key\":\"k\",\"value\":\"@@\"}]}]}|42203",
            "{\"records\":[{\"value\":1,\"headers\":[{\"key\":\"\\udc00\",\"value\":null}]}]}|42203",
            "{\"records\":[{\"value\":1,\"value\":2}]}|400",
            "{\"records\":[{\"value\":1}],\"records\":[]}|400",
            "{\"records\":[{\"value\":1,\"headers\":[{\"key\":\"a\",\"name\":\"b\"}]}]}|400",
    })
    void badJsonBodiesAreRejected(String body, int code) {
        assertThatThrownBy(() -> read(EmbeddedFormat.JSON, body)).satisfies(e -> assertAnswered(e, code));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"records\":[{\"value\":\"not base64!\"}]}|42203",
            "{\"records\":[{\"key\":\"a===\",\"value\":\"AA==\"}]}|42203",
            "{\"records\":[{\"value\":42}]}|42206",
            "{\"records\":[{\"value\":{\"a\":1}}]}|42206",
    })
    void badBinaryBodiesAreRejected(String body, int code) {
        assertThatThrownBy(() -> read(EmbeddedFormat.BINARY, body)).satisfies(e -> assertAnswered(e, code));
    }

    @Test
    void moreRecordsThanTheLimitFailWith413() {
        String body = "{\"records\":[" + "{\"value\":1},".repeat(5) + "{\"value\":1}]}";
        assertThat(V2ProduceRequestReader.read(in(body), EmbeddedFormat.JSON, 6)).hasSize(6);
        assertThatThrownBy(() -> V2ProduceRequestReader.read(in(body), EmbeddedFormat.JSON, 5))
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).errorCode()).isEqualTo(ErrorCode.REQUEST_TOO_LARGE));
    }

    /** Malformed JSON comes as Jackson's exception, the rest as ApiException: the one error handler answers both. */
    private static void assertAnswered(Throwable e, int code) {
        assertThat(ErrorTranslator.toBody(e).errorCode()).as(e.toString()).isEqualTo(code);
    }

    private static List<ProduceRecord> read(EmbeddedFormat format, String body) {
        return V2ProduceRequestReader.read(in(body), format, 10_000);
    }

    private static ByteArrayInputStream in(String body) {
        return new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
