package io.tributary.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.common.errors.InvalidTopicException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"quickstart-events", "payment.done", "a", "A_b-c.9", "...", ".hidden", "__consumer_offsets"})
    void acceptsKafkaLegalNames(String name) {
        assertThat(TopicNames.isValid(name)).isTrue();
        assertThat(TopicNames.requireValid(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "../etc", "..%2F..%2Fetc", "a/b", "a\\b", "with space", "tab\t", "ünïcode",
            "semi;colon", "new\nline", "nul\0"})
    void rejectsEverythingElseAsAnInvalidTopic(String name) {
        assertThat(TopicNames.isValid(name)).isFalse();
        assertThatThrownBy(() -> TopicNames.requireValid(name))
                .isInstanceOf(InvalidTopicException.class);
    }

    @Test
    void lengthLimitIs249() {
        assertThat(TopicNames.isValid("x".repeat(249))).isTrue();
        assertThat(TopicNames.isValid("x".repeat(250))).isFalse();
        assertThatThrownBy(() -> TopicNames.requireValid("x".repeat(10_000)))
                .hasMessageContaining("10000 characters").hasMessageContaining("at most 249")
                // the message does not echo a huge name back
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(200));
    }

    @Test
    void nullIsInvalid() {
        assertThat(TopicNames.isValid(null)).isFalse();
    }
}
