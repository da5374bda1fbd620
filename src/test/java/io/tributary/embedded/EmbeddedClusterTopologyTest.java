package io.tributary.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.common.errors.NotFoundException;
import io.tributary.settings.TributaryProperties;
import io.tributary.topic.BrokerConfig;
import io.tributary.topic.BrokerConfig.Source;
import io.tributary.topic.BrokerConfig.Synonym;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class EmbeddedClusterTopologyTest {

    private static final TributaryProperties BUILT_IN = EmbeddedClusterTopology.builtInDefaults();
    private static final String[] BROKER_CONFIGS = {"auto.create.topics.enable", "default.replication.factor",
            "log.cleaner.backoff.ms", "log.cleaner.dedupe.buffer.size", "log.cleaner.delete.retention.ms",
            "log.cleaner.io.max.bytes.per.second", "log.cleaner.max.compaction.lag.ms", "log.cleaner.min.cleanable.ratio",
            "log.cleaner.min.compaction.lag.ms", "log.cleaner.threads", "log.cleanup.policy", "log.message.timestamp.type",
            "log.retention.bytes", "log.retention.ms", "log.roll.ms", "log.segment.bytes", "message.max.bytes",
            "num.partitions"};

    @Test
    void withNothingConfiguredEveryBrokerConfigIsTheDefault() {
        List<BrokerConfig> configs = EmbeddedClusterTopology.brokerConfigs(BUILT_IN, BUILT_IN);

        assertThat(configs).extracting(BrokerConfig::name).containsExactly(BROKER_CONFIGS);
        assertThat(configs).allSatisfy(c -> {
            assertThat(c.source()).isEqualTo(Source.DEFAULT_CONFIG);
            assertThat(c.isDefault()).isTrue();
            assertThat(c.readOnly()).as("set at start only").isTrue();
            assertThat(c.synonyms()).containsExactly(new Synonym(c.name(), c.value(), Source.DEFAULT_CONFIG));
        });
        assertThat(value(configs, "log.retention.ms")).isEqualTo("604800000");
        assertThat(value(configs, "num.partitions")).isEqualTo("1");
        assertThat(value(configs, "auto.create.topics.enable")).isEqualTo("false");
        assertThat(value(configs, "log.cleaner.threads")).isEqualTo("1");
        assertThat(value(configs, "log.cleaner.backoff.ms")).isEqualTo("15000");
        assertThat(value(configs, "log.cleaner.min.cleanable.ratio")).isEqualTo("0.5");
    }

    @Test
    void aConfiguredSettingIsAStaticBrokerConfigOverItsDefault() {
        TributaryProperties configured = new Binder(new MapConfigurationPropertySource(Map.of(
                "tributary.topics.retention", "1d", "tributary.topics.default-partitions", "3",
                "tributary.compaction.threads", "2")))
                .bindOrCreate("tributary", TributaryProperties.class);

        List<BrokerConfig> configs = EmbeddedClusterTopology.brokerConfigs(configured, BUILT_IN);

        BrokerConfig retention = configs.stream().filter(c -> c.name().equals("log.retention.ms")).findFirst().orElseThrow();
        assertThat(retention.value()).isEqualTo("86400000");
        assertThat(retention.source()).isEqualTo(Source.STATIC_BROKER_CONFIG);
        assertThat(retention.synonyms()).containsExactly(
                new Synonym("log.retention.ms", "86400000", Source.STATIC_BROKER_CONFIG),
                new Synonym("log.retention.ms", "604800000", Source.DEFAULT_CONFIG));
        assertThat(value(configs, "num.partitions")).isEqualTo("3");
        assertThat(value(configs, "log.cleaner.threads")).isEqualTo("2");
        assertThat(configs.stream().filter(c -> !c.isDefault()).map(BrokerConfig::name))
                .containsExactlyInAnyOrder("log.retention.ms", "num.partitions", "log.cleaner.threads");
    }

    @Test
    void thisNodeIsTheOnlyBrokerTheControllerAndEveryCoordinator() {
        var topology = new EmbeddedClusterTopology(null, BUILT_IN);

        assertThat(topology.brokers()).singleElement().satisfies(b -> {
            assertThat(b.id()).isZero();
            assertThat(b.address()).as("reached where the request reached it").isEmpty();
            assertThat(b.rack()).isEmpty();
        });
        assertThat(topology.controller()).hasValue(0);
        assertThat(topology.coordinator("any-group")).isZero();
        assertThat(topology.reassignments(topic -> true)).isEmpty();
        assertThat(topology.clusterConfigs()).isEmpty();
        assertThatThrownBy(() -> topology.broker(1)).isInstanceOf(NotFoundException.class).hasMessageContaining("[0]");
        assertThatThrownBy(() -> topology.brokerConfigs(1)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> topology.replicasOn(1, topic -> true)).isInstanceOf(NotFoundException.class);
    }

    private static String value(List<BrokerConfig> configs, String name) {
        return configs.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow().value();
    }
}
