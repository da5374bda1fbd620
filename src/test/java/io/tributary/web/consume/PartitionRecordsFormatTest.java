package io.tributary.web.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.common.EmbeddedFormat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.web.HttpMediaTypeNotAcceptableException;

class PartitionRecordsFormatTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "none", value = {
            "none|JSON",
            "*/*|JSON",
            "application/json|JSON",
            "application/*|JSON",
            "application/vnd.kafka.json.v2+json|JSON",
            "application/vnd.kafka.binary.v2+json|BINARY",
            "application/vnd.kafka.binary.v2+json, */*|BINARY",
            "*/*;q=0.5, application/vnd.kafka.binary.v2+json|BINARY",
            "application/vnd.kafka.binary.v2+json;q=0.2, application/json|JSON",
            "text/plain, application/vnd.kafka.binary.v2+json;q=0.1|BINARY",
    })
    void theFormatFollowsAccept(String accept, EmbeddedFormat expected) throws Exception {
        assertThat(PartitionRecordsController.formatFor(accept)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/xml", "application/vnd.kafka.v2+json", "application/json;q=0"})
    void otherTypesAreNotAcceptable(String accept) {
        assertThatThrownBy(() -> PartitionRecordsController.formatFor(accept))
                .isInstanceOf(HttpMediaTypeNotAcceptableException.class);
    }
}
