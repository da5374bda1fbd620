package io.tributary.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code ./mvnw spring-boot:run} works with no setup: every setting has a default; a backend that does not exist is refused. */
class TributaryPropertiesTest {

    @Test
    void theDefaultsNeedNoSetup() {
        TributaryProperties properties = bind(Map.of());
        assertThat(properties.backend()).isEqualTo(TributaryProperties.Backend.EMBEDDED);
        assertThat(properties.dataDir().normalize()).isEqualTo(Path.of("data"));
        assertThat(properties.log().flush()).isEqualTo(TributaryProperties.FlushMode.DURABLE);
        assertThat(properties.security().enabled()).isFalse();
        assertThat(properties.offsets().maxBatch()).isEqualTo(500);
        assertThat(bind(Map.of("tributary.offsets.max-batch", "64")).offsets().maxBatch()).isEqualTo(64);
        assertThat(properties.offsets().checkpointInterval()).isEqualTo(java.time.Duration.ofSeconds(1));
        assertThat(bind(Map.of("tributary.offsets.checkpoint-interval", "250ms")).offsets().checkpointInterval())
                .isEqualTo(java.time.Duration.ofMillis(250));
    }

    @Test
    void anUnknownBackendIsRefused() {
        assertThat(bind(Map.of("tributary.backend", "embedded")).backend()).isEqualTo(TributaryProperties.Backend.EMBEDDED);
        assertThatThrownBy(() -> bind(Map.of("tributary.backend", "cassandra"))).isInstanceOf(BindException.class)
                .hasMessageContaining("tributary.backend");
    }

    private static TributaryProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("tributary", TributaryProperties.class);
    }
}
