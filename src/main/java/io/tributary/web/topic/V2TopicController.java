package io.tributary.web.topic;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tributary.common.AccessControl;
import io.tributary.topic.Broker;
import io.tributary.topic.ClusterTopology;
import io.tributary.topic.TopicAdmin;
import io.tributary.topic.TopicDescription;
import io.tributary.web.ApiDocs;
import io.tributary.web.MediaTypes;

import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** v2 topic metadata, as Confluent REST Proxy answers it. */
@RestController
@Tag(name = "Topics (v2)")
class V2TopicController {

    private static final String V2 = MediaTypes.V2_JSON;
    private static final String JSON = MediaType.APPLICATION_JSON_VALUE;

    private final TopicAdmin topics;
    private final ClusterTopology topology;
    private final AccessControl access;

    V2TopicController(TopicAdmin topics, ClusterTopology topology, AccessControl access) {
        this.topics = topics;
        this.topology = topology;
        this.access = access;
    }

    @GetMapping(path = "/topics", produces = {V2, JSON})
    @Operation(operationId = "listTopicsV2", summary = "List topic names", description = "All topics the caller may see, sorted by name.")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = V2,
            examples = @ExampleObject(value = "[\"payment-done\",\"quickstart-events\"]")))
    List<String> list() {
        return topics.list().stream().map(TopicDescription::name).filter(t -> access.mayTopic(t, AccessControl.Operation.DESCRIBE)).toList();
    }

    @GetMapping(path = "/topics/{topic}", produces = {V2, JSON})
    @Operation(operationId = "getTopicV2", summary = "Describe a topic", description = "Its configs and partitions (one replica each, on broker 0).")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = V2, examples = @ExampleObject(value = """
            {"name":"payment-done","configs":{"cleanup.policy":"delete","max.message.bytes":"1048576",\
            "message.timestamp.type":"CreateTime","retention.bytes":"-1","retention.ms":"604800000",\
            "segment.bytes":"1073741824","segment.ms":"604800000"},\
            "partitions":[{"partition":0,"leader":0,"replicas":[{"broker":0,"leader":true,"in_sync":true}]}]}""")))
    @ApiResponse(responseCode = "404", ref = ApiDocs.REF_NOT_FOUND)
    @ApiResponse(responseCode = "422", ref = ApiDocs.REF_UNPROCESSABLE)
    V2Topics.Topic topic(@PathVariable @Parameter(example = "payment-done") String topic) {
        return V2Topics.Topic.of(topics.describe(topic), topology);
    }

    @GetMapping(path = "/topics/{topic}/partitions", produces = {V2, JSON})
    @Operation(operationId = "listPartitionsV2", summary = "List a topic's partitions")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = V2, examples = @ExampleObject(value = """
            [{"partition":0,"leader":0,"replicas":[{"broker":0,"leader":true,"in_sync":true}]},\
            {"partition":1,"leader":0,"replicas":[{"broker":0,"leader":true,"in_sync":true}]}]""")))
    @ApiResponse(responseCode = "404", ref = ApiDocs.REF_NOT_FOUND)
    @ApiResponse(responseCode = "422", ref = ApiDocs.REF_UNPROCESSABLE)
    List<V2Topics.Partition> partitions(@PathVariable @Parameter(example = "payment-done") String topic) {
        return V2Topics.Topic.of(topics.describe(topic), topology).partitions();
    }

    @GetMapping(path = "/topics/{topic}/partitions/{partition}", produces = {V2, JSON})
    @Operation(operationId = "getPartitionV2", summary = "Describe one partition")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = V2, examples = @ExampleObject(value = """
            {"partition":0,"leader":0,"replicas":[{"broker":0,"leader":true,"in_sync":true}]}""")))
    @ApiResponse(responseCode = "404", ref = ApiDocs.REF_NOT_FOUND)
    @ApiResponse(responseCode = "422", ref = ApiDocs.REF_UNPROCESSABLE)
    V2Topics.Partition partition(@PathVariable @Parameter(example = "payment-done") String topic,
                                        @PathVariable @Parameter(example = "0") int partition) {
        return V2Topics.Partition.of(partition, topology.replicas(topic, partition));
    }

    @GetMapping(path = "/topics/{topic}/partitions/{partition}/offsets", produces = {V2, JSON})
    @Operation(operationId = "getPartitionOffsetsV2", summary = "A partition's offsets", description = "beginning_offset is the first offset still stored "
            + "(it moves forward with retention); end_offset is the offset the next record will get.")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = V2,
            examples = @ExampleObject(value = "{\"beginning_offset\":0,\"end_offset\":42}")))
    @ApiResponse(responseCode = "404", ref = ApiDocs.REF_NOT_FOUND)
    @ApiResponse(responseCode = "422", ref = ApiDocs.REF_UNPROCESSABLE)
    V2Topics.Offsets offsets(@PathVariable @Parameter(example = "payment-done") String topic,
                                    @PathVariable @Parameter(example = "0") int partition) {
        return V2Topics.Offsets.of(topics.offsets(topic, partition));
    }

    @GetMapping(path = "/brokers", produces = {V2, JSON})
    @Operation(operationId = "listBrokersV2", summary = "List brokers", description = "Tributary is a single node: broker 0.")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = V2, examples = @ExampleObject(value = "{\"brokers\":[0]}")))
    V2Topics.Brokers brokers() {
        return new V2Topics.Brokers(topology.brokers().stream().map(Broker::id).toList());
    }
}
