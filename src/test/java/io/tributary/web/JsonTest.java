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
    @ValueSource(strings = {"", "hi there", "{\"a\":1", "1 2", "{} {}", "'single'", "[1,]", "\u0000"})
    void anythingElseIsNot(String text) {
        assertThat(Json.isJson(text.getBytes(StandardCharsets.UTF_8))).isFalse();
    }
}
