package io.tributary.web.produce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.web.ErrorCode;
import io.tributary.web.ErrorTranslator;
import io.tributary.web.produce.V3ProduceRequestReader.DataType;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class V3ProduceRequestReaderTest {

    @Test
    void readsConcatenatedRecordsOneAtATime() {
        try (var reader = reader("""
                {"partition_id":1,"key":{"type":"STRING","data":"user1"},"value":{"type":"JSON","data":{"n":0.10}},
                 "headers":[{"name":"h","value":"aGk="}],"timestamp":"2024-06-10T08:53:20.5Z"}
                {"value":{"type":"BINARY","data":"AAH/"}}{"value":{"data":[1,2]}}
                """)) {
            assertThat(reader.hasNext()).isTrue();
            var first = reader.next();
            assertThat(first.keyType()).isEqualTo(DataType.STRING);
            assertThat(text(first.record().key())).isEqualTo("user1");
            assertThat(first.valueType()).isEqualTo(DataType.JSON);
            assertThat(text(first.record().value())).isEqualTo("{\"n\":0.10}");
            assertThat(first.record().partition()).isEqualTo(1);
            assertThat(first.record().timestamp()).isEqualTo(1718009600500L);
            assertThat(first.record().headers()).singleElement().satisfies(h -> {
                assertThat(h.key()).isEqualTo("h");
                assertThat(text(h.value())).isEqualTo("hi");
            });

            var second = reader.next();
            assertThat(second.keyType()).isNull();
            assertThat(second.record().key()).isNull();
            assertThat(second.record().value()).containsExactly(0, 1, 0xFF);
            assertThat(second.record().timestamp()).isNegative();

            var third = reader.next();
            assertThat(third.valueType()).as("type defaults to JSON").isEqualTo(DataType.JSON);
            assertThat(text(third.record().value())).isEqualTo("[1,2]");
            assertThat(reader.hasNext()).isFalse();
        }
    }

    @Test
    void aBadRecordFailsAloneAndTheStreamGoesOn() {
        try (var reader = reader("""
                {"value":{"type":"BINARY","data":"***"}} {"value":{"type":"AVRO","data":1}} {"value":"plain"}
                {"partition_id":"x","value":{"data":1}} 7 {"value":{"type":"STRING","data":"ok"}}""")) {
            assertCode(reader::next, ErrorCode.VALUE_CONVERSION);
            assertCode(reader::next, ErrorCode.INVALID_PAYLOAD);
            assertCode(reader::next, ErrorCode.INVALID_PAYLOAD);
            assertCode(reader::next, ErrorCode.INVALID_PAYLOAD);
            assertCode(reader::next, ErrorCode.INVALID_PAYLOAD);
            assertThat(text(reader.next().record().value())).isEqualTo("ok");
            assertThat(reader.hasNext()).isFalse();
        }
    }

    @Test
    void tellsWithoutBlockingWhetherAnotherRecordIsComplete() throws Exception {
        var in = new java.io.PipedInputStream(1 << 16);
        var out = new java.io.PipedOutputStream(in);
        try (var reader = new V3ProduceRequestReader(in)) {
            out.write("{\"value\":{\"data\":1}} {\"value\":{\"data\":2}} {\"value\":{\"da".getBytes(StandardCharsets.UTF_8));
            assertThat(reader.hasNext()).isTrue();
            reader.next();
            assertThat(reader.hasNextNow()).isTrue();
            reader.next();
            assertThat(reader.hasNextNow()).as("the third record is not complete yet").isFalse();
            out.write("ta\":3}}".getBytes(StandardCharsets.UTF_8));
            assertThat(reader.hasNextNow()).isTrue();
            assertThat(text(reader.next().record().value())).isEqualTo("3");
            out.close();
            assertThat(reader.hasNext()).isFalse();
        }
    }

    @Test
    void malformedJsonEndsTheStream() {
        try (var reader = reader("{\"value\":{\"data\":1}} {\"value\": oops}")) {
            assertThat(reader.next().record().value()).isNotNull();
            assertCode(reader::next, ErrorCode.BAD_REQUEST);
            assertThat(reader.broken()).isTrue();
            assertCode(reader::hasNext, ErrorCode.BAD_REQUEST);
        }
    }

    private static void assertCode(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).satisfies(e -> assertThat(ErrorTranslator.toBody(e).errorCode()).isEqualTo(code.code()));
    }

    private static V3ProduceRequestReader reader(String body) {
        return new V3ProduceRequestReader(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
