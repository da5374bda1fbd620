package io.tributary.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.config.TributaryProperties;
import io.tributary.web.ApiException;
import io.tributary.web.EmbeddedFormat;
import io.tributary.web.ErrorCode;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class InstanceConfigTest {

    private final TributaryProperties properties = new Binder(new MapConfigurationPropertySource(Map.of()))
            .bindOrCreate("tributary", TributaryProperties.class);

    @Test
    void defaultsAreConfluents() {
        InstanceConfig config = InstanceConfig.parse(Map.of(), properties);

        assertThat(config.format()).isEqualTo(EmbeddedFormat.BINARY);
        assertThat(config.autoOffsetReset()).isEqualTo(OffsetReset.LATEST);
        assertThat(config.autoCommit()).isTrue();
        assertThat(config.fetchMinBytes()).isEqualTo(1);
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.instanceTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.assignor()).isNull();
    }

    @Test
    void acceptsStringsNumbersBooleansAndTheAliases() {
        InstanceConfig config = InstanceConfig.parse(Map.of("format", "JSON", "auto.offset.reset", "smallest",
                "enable.auto.commit", false, "fetch.min.bytes", "1024", "consumer.request.timeout.ms", 250,
                "session.timeout.ms", "10000", "partition.assignment.strategy", "org.apache.kafka.clients.consumer.RangeAssignor"),
                properties);

        assertThat(config.format()).isEqualTo(EmbeddedFormat.JSON);
        assertThat(config.autoOffsetReset()).isEqualTo(OffsetReset.EARLIEST);
        assertThat(config.autoCommit()).isFalse();
        assertThat(config.fetchMinBytes()).isEqualTo(1024);
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.instanceTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.assignor()).isInstanceOf(RangeAssignor.class);
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
        assertThatThrownBy(() -> InstanceConfig.parse(body, properties)).isInstanceOf(ApiException.class)
                .hasMessageContaining(setting)
                .extracting(e -> ((ApiException) e).errorCode()).isEqualTo(ErrorCode.INVALID_CONSUMER_CONFIG);
    }
}
