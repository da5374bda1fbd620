package io.tributary.web.topic;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tributary.common.AccessControl;
import io.tributary.common.errors.NotFoundException;
import io.tributary.topic.ClusterIdentity;
import io.tributary.topic.ClusterTopology;
import io.tributary.topic.PartitionReplica;
import io.tributary.topic.TopicAdmin;
import io.tributary.web.ApiDocs;
import io.tributary.web.V3Links;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * v3 partition replicas and replica reassignments. On one node every partition has one replica, the leader, on
 * broker 0, and no reassignment is ever under way.
 */
@RestController
@Tag(name = "Replicas (v3)")
@ApiResponse(responseCode = "404", ref = ApiDocs.REF_NOT_FOUND)
class V3ReplicaController {

    private static final String JSON = MediaType.APPLICATION_JSON_VALUE;
    static final String REPLICA_EXAMPLE = """
            {"kind":"KafkaReplica","metadata":{"self":"http://localhost:8080/v3/clusters/MkU3OEVBNTcwNTJENDM2Qg/topics/payment-done/partitions/0/replicas/0",\
            "resource_name":"crn:///kafka=MkU3OEVBNTcwNTJENDM2Qg/topic=payment-done/partition=0/replica=0"},\
            "cluster_id":"MkU3OEVBNTcwNTJENDM2Qg","topic_name":"payment-done","partition_id":0,"broker_id":0,\
            "is_leader":true,"is_in_sync":true,\
            "broker":{"related":"http://localhost:8080/v3/clusters/MkU3OEVBNTcwNTJENDM2Qg/brokers/0"}}""";
    private static final String REASSIGNMENT_EXAMPLE = """
            {"kind":"KafkaReassignment","metadata":{"self":"http://localhost:8080/v3/clusters/MkU3OEVBNTcwNTJENDM2Qg/topics/payment-done/partitions/0/reassignment",\
            "resource_name":"crn:///kafka=MkU3OEVBNTcwNTJENDM2Qg/topic=payment-done/partition=0/reassignment"},\
            "cluster_id":"MkU3OEVBNTcwNTJENDM2Qg","topic_name":"payment-done","partition_id":0,\
            "adding_replicas":[],"removing_replicas":[],\
            "replicas":{"related":"http://localhost:8080/v3/clusters/MkU3OEVBNTcwNTJENDM2Qg/topics/payment-done/partitions/0/replicas"}}""";
    private static final String EMPTY_REASSIGNMENTS = "\"next\":null},\"data\":[]}";

    private final ClusterIdentity cluster;
    private final ClusterTopology topology;
    private final TopicAdmin topics;
    private final AccessControl access;

    V3ReplicaController(ClusterIdentity cluster, ClusterTopology topology, TopicAdmin topics, AccessControl access) {
        this.cluster = cluster;
        this.topology = topology;
        this.topics = topics;
        this.access = access;
    }

    @GetMapping(path = "/v3/clusters/{cluster_id}/topics/{topic_name}/partitions/{partition_id}/replicas", produces = JSON)
    @Operation(operationId = "listKafkaReplicas", summary = "List a partition's replicas", description = "One: the leader, on broker 0, in sync.")
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value =
            "{\"kind\":\"KafkaReplicaList\",\"metadata\":{\"self\":\"http://localhost:8080/v3/clusters/MkU3OEVBNTcwNTJENDM2Qg/topics/payment-done/partitions/0/replicas\","
                    + "\"next\":null},\"data\":[" + REPLICA_EXAMPLE + "]}")))
    @ApiResponse(responseCode = "400", ref = ApiDocs.REF_BAD_REQUEST)
    @ApiResponse(responseCode = "422", ref = ApiDocs.REF_UNPROCESSABLE)
    V3Resources.ResourceList<V3Resources.Replica> replicas(
            @PathVariable("cluster_id") @Parameter(example = "MkU3OEVBNTcwNTJENDM2Qg") String clusterId,
            @PathVariable("topic_name") @Parameter(example = "payment-done") String topicName,
            @PathVariable("partition_id") @Parameter(example = "0") int partitionId) {
        cluster.requireCluster(clusterId);
        return V3Resources.ResourceList.of("KafkaReplicaList",
                V3Links.cluster(clusterId, "topics", topicName, "partitions", partitionId, "replicas"),
                topology.replicas(topicName, partitionId).stream().map(r -> V3Resources.Replica.of(clusterId, r)).toList());
    }

    @GetMapping(path = "/v3/clusters/{cluster_id}/topics/{topic_name}/partitions/{partition_id}/replicas/{broker_id}",
            produces = JSON)
    @Operation(operationId = "getKafkaReplica", summary = "Describe a partition's replica on a broker", description = "404 for a broker that holds no "
            + "replica of the partition.")
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value = REPLICA_EXAMPLE)))
    @ApiResponse(responseCode = "400", ref = ApiDocs.REF_BAD_REQUEST)
    @ApiResponse(responseCode = "422", ref = ApiDocs.REF_UNPROCESSABLE)
    V3Resources.Replica replica(@PathVariable("cluster_id") @Parameter(example = "MkU3OEVBNTcwNTJENDM2Qg") String clusterId,
                                @PathVariable("topic_name") @Parameter(example = "payment-done") String topicName,
                                @PathVariable("partition_id") @Parameter(example = "0") int partitionId,
                                @PathVariable("broker_id") @Parameter(example = "0") int brokerId) {
        cluster.requireCluster(clusterId);
        var replicas = topology.replicas(topicName, partitionId);
        return replicas.stream().filter(r -> r.brokerId() == brokerId).findFirst()
                .map(r -> V3Resources.Replica.of(clusterId, r))
                .orElseThrow(() -> new NotFoundException("Partition " + partitionId + " of topic '" + topicName
                        + "' has no replica on broker " + brokerId + "; its replicas are on brokers "
                        + replicas.stream().map(PartitionReplica::brokerId).toList() + "."));
    }

    @GetMapping(path = "/v3/clusters/{cluster_id}/topics/-/partitions/-/reassignment", produces = JSON)
    @Operation(operationId = "listKafkaAllReplicaReassignments", summary = "List all ongoing replica reassignments", description = "Always empty on one node: a replica "
            + "has nowhere to move.")
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value =
            "{\"kind\":\"KafkaReassignmentList\",\"metadata\":{\"self\":\"http://localhost:8080/v3/clusters/MkU3OEVBNTcwNTJENDM2Qg/topics/-/partitions/-/reassignment\","
                    + EMPTY_REASSIGNMENTS)))
    V3Resources.ResourceList<V3Resources.Reassignment> allReassignments(
            @PathVariable("cluster_id") @Parameter(example = "MkU3OEVBNTcwNTJENDM2Qg") String clusterId) {
        cluster.requireCluster(clusterId);
        return V3Resources.ResourceList.of("KafkaReassignmentList",
                V3Links.cluster(clusterId, "topics", "-", "partitions", "-", "reassignment"),
                topology.reassignments(t -> access.mayTopic(t, AccessControl.Operation.DESCRIBE)).stream()
                        .map(r -> V3Resources.Reassignment.of(clusterId, r)).toList());
    }

    @GetMapping(path = "/v3/clusters/{cluster_id}/topics/{topic_name}/partitions/-/reassignment", produces = JSON)
    @Operation(operationId = "listKafkaReplicaReassignmentsByTopic", summary = "List a topic's ongoing replica reassignments", description = "Always empty on one node; "
            + "40401 for an unknown topic.")
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value =
            "{\"kind\":\"KafkaReassignmentList\",\"metadata\":{\"self\":\"http://localhost:8080/v3/clusters/MkU3OEVBNTcwNTJENDM2Qg/topics/payment-done/partitions/-/reassignment\","
                    + EMPTY_REASSIGNMENTS)))
    @ApiResponse(responseCode = "422", ref = ApiDocs.REF_UNPROCESSABLE)
    V3Resources.ResourceList<V3Resources.Reassignment> topicReassignments(
            @PathVariable("cluster_id") @Parameter(example = "MkU3OEVBNTcwNTJENDM2Qg") String clusterId,
            @PathVariable("topic_name") @Parameter(example = "payment-done") String topicName) {
        cluster.requireCluster(clusterId);
        String topic = topics.describe(topicName).name();
        return V3Resources.ResourceList.of("KafkaReassignmentList",
                V3Links.cluster(clusterId, "topics", topic, "partitions", "-", "reassignment"),
                topology.reassignments(topic::equals).stream().map(r -> V3Resources.Reassignment.of(clusterId, r)).toList());
    }

    @GetMapping(path = "/v3/clusters/{cluster_id}/topics/{topic_name}/partitions/{partition_id}/reassignment",
            produces = JSON)
    @Operation(operationId = "getKafkaReplicaReassignment", summary = "Describe a partition's ongoing reassignment", description = """
            With none under way (always, on one node) `adding_replicas` and `removing_replicas` are empty. Confluent \
            answers 404 then, so that the `reassignment` link of each of its partitions leads nowhere; Tributary \
            answers what the link promises (docs/compatibility.md).""")
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value = REASSIGNMENT_EXAMPLE)))
    @ApiResponse(responseCode = "400", ref = ApiDocs.REF_BAD_REQUEST)
    @ApiResponse(responseCode = "422", ref = ApiDocs.REF_UNPROCESSABLE)
    V3Resources.Reassignment reassignment(@PathVariable("cluster_id") @Parameter(example = "MkU3OEVBNTcwNTJENDM2Qg") String clusterId,
                                          @PathVariable("topic_name") @Parameter(example = "payment-done") String topicName,
                                          @PathVariable("partition_id") @Parameter(example = "0") int partitionId) {
        cluster.requireCluster(clusterId);
        return V3Resources.Reassignment.of(clusterId, topology.reassignment(topicName, partitionId));
    }
}
