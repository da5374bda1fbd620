package io.tributary.web.topic;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Request bodies of the v3 topic admin API (Confluent's names). */
final class V3Requests {

    private V3Requests() {
    }

    record CreateTopic(@JsonProperty("topic_name") @Schema(example = "payment-done") String topicName,
                       @JsonProperty("partitions_count") @Schema(example = "3") Integer partitionsCount,
                       @JsonProperty("replication_factor") @Schema(example = "1") Integer replicationFactor,
                       List<ConfigEntry> configs,
                       @JsonProperty("validate_only") Boolean validateOnly) {
    }

    record ConfigEntry(@Schema(example = "retention.ms") String name, @Schema(example = "86400000") String value) {
    }

    record PartitionsCount(@JsonProperty("partitions_count") @Schema(example = "6") Integer partitionsCount) {
    }

    record UpdateConfig(@Schema(example = "86400000") String value) {
    }

    record AlterConfigs(List<AlterEntry> data, @JsonProperty("validate_only") Boolean validateOnly) {
    }

    /** {@code operation} SET (default) or DELETE (reset to the default). */
    record AlterEntry(@Schema(example = "retention.ms") String name, @Schema(example = "86400000") String value,
                      @Schema(example = "SET", allowableValues = {"SET", "DELETE"}) String operation) {
    }
}
