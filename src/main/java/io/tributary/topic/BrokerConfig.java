package io.tributary.topic;

import java.util.List;

/**
 * A setting of a broker, named as Kafka names it ({@code log.retention.ms}, {@code num.partitions}, ...).
 *
 * @param value    null when {@code sensitive}
 * @param readOnly true when it cannot be changed while the broker runs
 * @param synonyms where the value comes from, the effective source first (Kafka's config synonyms)
 */
public record BrokerConfig(String name, String value, Source source, boolean readOnly, boolean sensitive,
                           List<Synonym> synonyms) {

    public BrokerConfig {
        synonyms = List.copyOf(synonyms);
    }

    /** Kafka's config sources that a broker config can have. */
    public enum Source { DYNAMIC_BROKER_CONFIG, DYNAMIC_DEFAULT_BROKER_CONFIG, STATIC_BROKER_CONFIG, DEFAULT_CONFIG }

    public record Synonym(String name, String value, Source source) {
    }

    public boolean isDefault() {
        return source == Source.DEFAULT_CONFIG;
    }
}
