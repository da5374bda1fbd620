package io.tributary.web.produce;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Confluent's ProduceBatchResponse: a delivery report per entry, by its id, among the successes (where the record
 * went) or the failures (the error's code and message), each list in request order.
 */
record V3ProduceBatchResponse(List<Success> successes, List<Failure> failures) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Success(String id, @JsonProperty("cluster_id") String clusterId, @JsonProperty("topic_name") String topicName,
                   @JsonProperty("partition_id") Integer partitionId, Long offset, String timestamp,
                   V3ProduceResult.Data key, V3ProduceResult.Data value) {
    }

    record Failure(String id, @JsonProperty("error_code") int errorCode, String message) {
    }

    /** @param results one per id, in the same order */
    static V3ProduceBatchResponse of(List<String> ids, List<V3ProduceResult> results) {
        List<Success> successes = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            V3ProduceResult r = results.get(i);
            if (r.failed()) {
                failures.add(new Failure(ids.get(i), r.errorCode(), r.message()));
            } else {
                successes.add(new Success(ids.get(i), r.clusterId(), r.topicName(), r.partitionId(), r.offset(),
                        r.timestamp(), r.key(), r.value()));
            }
        }
        return new V3ProduceBatchResponse(successes, failures);
    }
}
