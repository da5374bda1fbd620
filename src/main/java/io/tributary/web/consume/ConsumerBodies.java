package io.tributary.web.consume;

import io.swagger.v3.oas.annotations.media.Schema;
import io.tributary.common.TopicPartition;
import io.tributary.consume.OffsetCommit;
import io.tributary.web.ApiException;
import io.tributary.web.ErrorCode;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Request and response bodies of the v2 consumer API, spelled as Confluent's REST Proxy spells them. */
public final class ConsumerBodies {

    private ConsumerBodies() {
    }

    public record CreatedInstance(@JsonProperty("instance_id") String instanceId, @JsonProperty("base_uri") String baseUri) {
    }

    /** {@code {"topics":[...]}} or {@code {"topic_pattern":"regex"}}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SubscriptionBody(List<String> topics, @JsonProperty("topic_pattern") String topicPattern) {
    }

    @Schema(name = "PartitionRefV2")
    public record PartitionRef(String topic, Integer partition) {

        TopicPartition toTopicPartition() {
            if (topic == null || topic.isBlank() || partition == null) {
                throw new ApiException(ErrorCode.BAD_REQUEST, "Each partition needs a 'topic' and a 'partition'.");
            }
            return new TopicPartition(topic, partition);
        }

        /** A JSON null in a list of partitions. */
        static <T> T require(T entry) {
            if (entry == null) {
                throw new ApiException(ErrorCode.BAD_REQUEST, "Each partition needs a 'topic' and a 'partition', not null.");
            }
            return entry;
        }

        static PartitionRef of(TopicPartition tp) {
            return new PartitionRef(tp.topic(), tp.partition());
        }
    }

    public record PartitionsBody(List<PartitionRef> partitions) {

        List<TopicPartition> topicPartitions() {
            return partitions == null ? List.of() : partitions.stream().map(PartitionRef::require).map(PartitionRef::toTopicPartition).toList();
        }
    }

    public record OffsetRef(String topic, Integer partition, Long offset, String metadata) {

        TopicPartition toTopicPartition() {
            return new PartitionRef(topic, partition).toTopicPartition();
        }

        long requireOffset() {
            if (offset == null || offset < 0) {
                throw new ApiException(ErrorCode.BAD_REQUEST, "Offset for " + toTopicPartition() + " must be given and not negative.");
            }
            return offset;
        }

        OffsetCommit toCommit() {
            try {
                TopicPartition partition = toTopicPartition(); // refuses a missing topic or partition first
                return new OffsetCommit(partition.topic(), partition.partition(), requireOffset(), metadata);
            } catch (IllegalArgumentException e) {
                throw new ApiException(ErrorCode.BAD_REQUEST, e.getMessage());
            }
        }
    }

    /** Offsets under {@code offsets} (Confluent) or {@code partitions} (accepted too). */
    public record OffsetsBody(List<OffsetRef> offsets, List<OffsetRef> partitions) {

        List<OffsetRef> entries() {
            List<OffsetRef> entries = offsets != null && !offsets.isEmpty() ? offsets : partitions == null ? List.of() : partitions;
            entries.forEach(PartitionRef::require);
            return entries;
        }
    }

    public record CommittedOffsetsBody(List<CommittedOffsetBody> offsets) {
    }

    public record CommittedOffsetBody(String topic, int partition, long offset, String metadata) {
    }
}
