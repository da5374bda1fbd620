package io.tributary.web.topic;

import io.swagger.v3.oas.annotations.media.Schema;
import io.tributary.web.ApiException;
import io.tributary.web.ErrorCode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Request bodies of the v3 topic and broker config admin API (Confluent's names). */
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
        /** @throws ApiException 42206 without a value */
        String required() {
            if (value == null) {
                throw new ApiException(ErrorCode.INVALID_PAYLOAD, "value is required; DELETE the config to reset it to its default.");
            }
            return value;
        }
    }

    record AlterConfigs(List<AlterEntry> data, @JsonProperty("validate_only") Boolean validateOnly) {

        /** The entries checked, as the configs to set and those to reset. @throws ApiException 42206 for a bad entry */
        ConfigChanges changes() {
            if (data == null) {
                throw new ApiException(ErrorCode.INVALID_PAYLOAD, "data is required: [{\"name\",\"value\",\"operation\"}].");
            }
            Map<String, String> set = new LinkedHashMap<>();
            List<String> reset = new ArrayList<>();
            for (AlterEntry entry : data) {
                if (entry == null || entry.name() == null) {
                    throw new ApiException(ErrorCode.INVALID_PAYLOAD, "Every entry needs a name.");
                }
                String operation = entry.operation() == null ? "SET" : entry.operation().toUpperCase(Locale.ROOT);
                switch (operation) {
                    case "SET" -> {
                        if (entry.value() == null) {
                            throw new ApiException(ErrorCode.INVALID_PAYLOAD, "Config '" + entry.name() + "': SET needs a value.");
                        }
                        set.put(entry.name(), entry.value());
                    }
                    case "DELETE" -> reset.add(entry.name());
                    default -> throw new ApiException(ErrorCode.INVALID_PAYLOAD,
                            "Invalid operation '" + entry.operation() + "' for config '" + entry.name() + "': SET or DELETE.");
                }
            }
            return new ConfigChanges(set, reset, Boolean.TRUE.equals(validateOnly));
        }
    }

    /** An alter request checked: configs to set, configs to reset to their defaults, whether only to validate. */
    record ConfigChanges(Map<String, String> set, List<String> reset, boolean validateOnly) {
        java.util.stream.Stream<String> names() {
            return java.util.stream.Stream.concat(set.keySet().stream(), reset.stream());
        }
    }

    /** {@code operation} SET (default) or DELETE (reset to the default). */
    record AlterEntry(@Schema(example = "retention.ms") String name, @Schema(example = "86400000") String value,
                      @Schema(example = "SET", allowableValues = {"SET", "DELETE"}) String operation) {
    }
}
