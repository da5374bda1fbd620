package io.tributary.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    @ParameterizedTest
    @ValueSource(strings = {"1", "\"hi there\"", " {\"a\":[1,2,{}]} \n", "null", "true", "-0.5e3", "[]"})
    void oneJsonValueIsJson(String text) {
        assertThat(Json.isJson(text.getBytes(StandardCharsets.UTF_8))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"caf\u00e9 \ud83d\ude00\"", "{\"\u20ac\":\"\uffff\"}"})
    void multiByteUtf8IsJson(String text) {
        assertThat(Json.isJson(text.getBytes(StandardCharsets.UTF_8))).isTrue();
    }

    /** Found by RecordsBodyFuzzTest: Jackson reads these as JSON, but copied into a UTF-8 response they break it. */
    @ParameterizedTest
    @ValueSource(strings = {
            "0031",                 // "1" in UTF-16BE: Jackson detects the encoding from the NUL byte
            "31000000",             // "1" in UTF-32LE
            "efbbbf31",             // a UTF-8 byte order mark, which Jackson skips
            "22eda08022",           // "\ud800" encoded in UTF-8 (CESU-8): a surrogate
            "22c0af22",             // an overlong '/'
            "22f490808022",         // past U+10FFFF
            "22e282",               // cut multi-byte sequence
    })
    void textThatIsNotWellFormedUtf8IsNot(String hex) {
        assertThat(Json.isJson(java.util.HexFormat.of().parseHex(hex))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "hi there", "{\"a\":1", "1 2", "{} {}", "'single'", "[1,]", "\u0000"})
    void anythingElseIsNot(String text) {
        assertThat(Json.isJson(text.getBytes(StandardCharsets.UTF_8))).isFalse();
    }
}
