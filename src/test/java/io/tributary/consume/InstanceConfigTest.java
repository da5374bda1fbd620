package io.tributary.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.common.EmbeddedFormat;
import io.tributary.common.errors.InvalidConsumerConfigException;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class InstanceConfigTest {

    /** tributary.*'s defaults: 8 MB polls of at most 30 s, 1 s by default; instances idle for 1 s to 5 min. */
    private final InstanceConfig.Limits limits = new InstanceConfig.Limits(8 << 20, Duration.ofSeconds(1),
            Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofMinutes(5));

    @Test
    void defaultsAreConfluents() {
        InstanceConfig config = InstanceConfig.parse(Map.of(), limits);

        assertThat(config.format()).isEqualTo(EmbeddedFormat.BINARY);
        assertThat(config.autoOffsetReset()).isEqualTo(OffsetReset.LATEST);
        assertThat(config.autoCommit()).isTrue();
        assertThat(config.fetchMinBytes()).isEqualTo(1);
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.instanceTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.assignmentStrategy()).isNull();
    }

    @Test
    void acceptsStringsNumbersBooleansAndTheAliases() {
        InstanceConfig config = InstanceConfig.parse(Map.of("format", "JSON", "auto.offset.reset", "smallest",
                "enable.auto.commit", false, "fetch.min.bytes", "1024", "consumer.request.timeout.ms", 250,
                "session.timeout.ms", "10000", "partition.assignment.strategy", "org.apache.kafka.clients.consumer.RangeAssignor"),
                limits);

        assertThat(config.format()).isEqualTo(EmbeddedFormat.JSON);
        assertThat(config.autoOffsetReset()).isEqualTo(OffsetReset.EARLIEST);
        assertThat(config.autoCommit()).isFalse();
        assertThat(config.fetchMinBytes()).isEqualTo(1024);
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.instanceTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.assignmentStrategy()).isEqualTo(AssignmentStrategy.RANGE);
    }

    @Test
    void invalidOrOutOfBoundsValuesAre42204NamingTheSetting() {
        assertInvalid(Map.of("format", "avro"), "format");
        assertInvalid(Map.of("auto.offset.reset", "sometimes"), "auto.offset.reset");
        assertInvalid(Map.of("auto.commit.enable", "yes"), "auto.commit.enable");
        assertInvalid(Map.of("fetch.min.bytes", "lots"), "fetch.min.bytes");
        assertInvalid(Map.of("consumer.instance.timeout.ms", 999), "consumer.instance.timeout.ms");
        assertInvalid(Map.of("consumer.instance.timeout.ms", 300_001), "consumer.instance.timeout.ms");
        assertInvalid(Map.of("consumer.request.timeout.ms", 30_001), "consumer.request.timeout.ms");
        assertInvalid(Map.of("partition.assignment.strategy", "random"), "partition.assignment.strategy");
    }

    private void assertInvalid(Map<String, ?> body, String setting) {
        assertThatThrownBy(() -> InstanceConfig.parse(body, limits)).isInstanceOf(InvalidConsumerConfigException.class)
                .hasMessageContaining(setting);
    }
}
