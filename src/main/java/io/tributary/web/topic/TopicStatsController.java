package io.tributary.web.topic;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tributary.common.AccessControl;
import io.tributary.topic.ClusterIdentity;
import io.tributary.topic.TopicStatistics;
import io.tributary.web.ApiDocs;
import io.tributary.web.TributaryExtension;
import io.tributary.web.V3Links;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Topic statistics, a Tributary extension in the v3 style: records, bytes and the last write per topic and partition,
 * for a console or a dashboard that shows every topic at once. Cheap by contract ({@link TopicStatistics}).
 */
@RestController
@Tag(name = "Topic statistics (extension)")
@TributaryExtension
@ApiResponse(responseCode = "404", ref = ApiDocs.REF_NOT_FOUND)
class TopicStatsController {

    private static final String STATS_EXAMPLE = """
            {"kind":"KafkaTopicStats","metadata":{"self":"http://localhost:8080/v3/clusters/MkU3OEVBNTcwNTJENDM2Qg/topic-stats/payment-done"},\
            "cluster_id":"MkU3OEVBNTcwNTJENDM2Qg","topic_name":"payment-done","partitions_count":2,"records":3,\
            "size_bytes":231,"last_write_time":"2025-06-10T08:53:20.123Z",\
            "topic":{"related":"http://localhost:8080/v3/clusters/MkU3OEVBNTcwNTJENDM2Qg/topics/payment-done"},\
            "partitions":[{"partition_id":0,"log_start_offset":0,"log_end_offset":0,"records":0,"size_bytes":0,"last_write_time":null},\
            {"partition_id":1,"log_start_offset":0,"log_end_offset":3,"records":3,"size_bytes":231,\
            "last_write_time":"2025-06-10T08:53:20.123Z"}]}""";

    private final ClusterIdentity cluster;
    private final TopicStatistics statistics;
    private final AccessControl access;

    TopicStatsController(ClusterIdentity cluster, TopicStatistics statistics, AccessControl access) {
        this.cluster = cluster;
        this.statistics = statistics;
        this.access = access;
    }

    @GetMapping(path = "/v3/clusters/{cluster_id}/topic-stats", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "listKafkaTopicStats", summary = "Statistics of every topic", description = """
            Each topic the caller may see, sorted by name: `records` stored (log end minus log start offset, summed \
            over the partitions), `size_bytes` of its logs on disk, `last_write_time` (the largest record timestamp \
            stored, ISO-8601, as Kafka's ListOffsets MAX_TIMESTAMP; null while it holds no record), and the same per \
            partition. From what the node holds in memory: no file is read, so it stays fast with thousands of \
            topics. Records removed by retention no longer count.""")
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value =
            "{\"kind\":\"KafkaTopicStatsList\",\"metadata\":{\"self\":\"http://localhost:8080/v3/clusters/MkU3OEVBNTcwNTJENDM2Qg/topic-stats\","
                    + "\"next\":null},\"data\":[" + STATS_EXAMPLE + "]}")))
    V3Resources.ResourceList<V3Resources.TopicStats> list(
            @PathVariable("cluster_id") @Parameter(example = "MkU3OEVBNTcwNTJENDM2Qg") String clusterId) {
        cluster.requireCluster(clusterId);
        return V3Resources.ResourceList.of("KafkaTopicStatsList", V3Links.cluster(clusterId, "topic-stats"),
                statistics.list(access.topicsAllowed(AccessControl.Operation.DESCRIBE)).stream()
                        .map(s -> V3Resources.TopicStats.of(clusterId, s)).toList());
    }

    @GetMapping(path = "/v3/clusters/{cluster_id}/topic-stats/{topic_name}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "getKafkaTopicStats", summary = "Statistics of one topic", description = "As in the list, for one topic.")
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value = STATS_EXAMPLE)))
    @ApiResponse(responseCode = "422", ref = ApiDocs.REF_UNPROCESSABLE)
    V3Resources.TopicStats topic(@PathVariable("cluster_id") @Parameter(example = "MkU3OEVBNTcwNTJENDM2Qg") String clusterId,
                                 @PathVariable("topic_name") @Parameter(example = "payment-done") String topicName) {
        cluster.requireCluster(clusterId);
        return V3Resources.TopicStats.of(clusterId, statistics.of(topicName));
    }
}
