package io.tributary.web.topic;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tributary.topic.ClusterIdentity;
import io.tributary.topic.PartitionOffsets;
import io.tributary.topic.TopicAdmin;
import io.tributary.web.ApiDocs;
import io.tributary.web.ApiException;
import io.tributary.web.ErrorCode;
import io.tributary.web.V3Links;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** v3 partition offsets: the earliest and latest offset of one partition, as Confluent's List Partition Offsets. */
@RestController
@Tag(name = "Topics (v3)")
class V3PartitionOffsetsController {

    /** The only offset type Confluent's REST Proxy knows; it names it in the resource name. */
    static final String EARLIEST_AND_LATEST = "earliest_and_latest";

    private final ClusterIdentity cluster;
    private final TopicAdmin topics;

    V3PartitionOffsetsController(ClusterIdentity cluster, TopicAdmin topics) {
        this.cluster = cluster;
        this.topics = topics;
    }

    @GetMapping(path = "/v3/clusters/{cluster_id}/topics/{topic_name}/partitions/{partition_id}/offset",
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "listKafkaPartitionOffsets", summary = "List Partition Offsets", description = """
            The earliest offset still stored (it moves forward with retention) and the latest, the offset the next \
            record will get (the end offset; over Kafka, the high watermark), as v2's \
            `GET /topics/{topic}/partitions/{partition}/offsets` answers them.""")
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value = """
            {"kind":"KafkaPartitionWithOffsets","metadata":{"self":"http://localhost:8080/v3/clusters/MkU3OEVBNTcwNTJENDM2Qg/topics/payment-done/partitions/0/offset",\
            "resource_name":"crn:///kafka=MkU3OEVBNTcwNTJENDM2Qg/topic=payment-done/partition=0/offset_type=earliest_and_latest"},\
            "cluster_id":"MkU3OEVBNTcwNTJENDM2Qg","topic_name":"payment-done","partition_id":0,\
            "earliest_offset":10,"latest_offset":100}""")))
    @ApiResponse(responseCode = "400", ref = ApiDocs.REF_BAD_REQUEST)
    @ApiResponse(responseCode = "403", description = "The caller may not describe the topic (40301).")
    @ApiResponse(responseCode = "404", ref = ApiDocs.REF_NOT_FOUND)
    V3Resources.PartitionWithOffsets offsets(
            @PathVariable("cluster_id") @Parameter(example = "MkU3OEVBNTcwNTJENDM2Qg") String clusterId,
            @PathVariable("topic_name") @Parameter(example = "payment-done") String topicName,
            @PathVariable("partition_id") @Parameter(example = "0") int partitionId,
            @RequestParam(name = "offset_type", defaultValue = EARLIEST_AND_LATEST)
            @Parameter(description = "The offsets to list: `earliest_and_latest`, the only type (as in Confluent).")
            String offsetType) {
        cluster.requireCluster(clusterId);
        if (!offsetType.equals(EARLIEST_AND_LATEST)) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "offset_type:" + offsetType + " is invalid; the only offset "
                    + "type is " + EARLIEST_AND_LATEST + ".");
        }
        PartitionOffsets offsets = topics.offsets(topicName, partitionId);
        return new V3Resources.PartitionWithOffsets("KafkaPartitionWithOffsets",
                new V3Resources.Metadata(V3Links.cluster(clusterId, "topics", topicName, "partitions", partitionId, "offset"),
                        V3Links.crn(clusterId, "topic", topicName, "partition", partitionId, "offset_type", offsetType)),
                clusterId, topicName, partitionId, offsets.logStartOffset(), offsets.endOffset());
    }
}
