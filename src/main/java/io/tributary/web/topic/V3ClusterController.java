package io.tributary.web.topic;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tributary.common.AccessControl;
import io.tributary.topic.ClusterIdentity;
import io.tributary.topic.ClusterTopology;
import io.tributary.web.ApiDocs;
import io.tributary.web.TributaryExtension;
import io.tributary.web.V3Links;

import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** v3: the one cluster this node is. */
@RestController
@Tag(name = "Cluster (v3)")
class V3ClusterController {

    static final String CLUSTER_EXAMPLE = """
            {"kind":"KafkaCluster","metadata":{"self":"http://localhost:8080/v3/clusters/MkU3OEVBNTcwNTJENDM2Qg",\
            "resource_name":"crn:///kafka=MkU3OEVBNTcwNTJENDM2Qg"},"cluster_id":"MkU3OEVBNTcwNTJENDM2Qg",\
            "controller":{"related":"http://localhost:8080/v3/clusters/MkU3OEVBNTcwNTJENDM2Qg/brokers/0"},\
            "acls":{"related":"http://localhost:8080/v3/clusters/MkU3OEVBNTcwNTJENDM2Qg/acls"},\
            "brokers":{"related":"http://localhost:8080/v3/clusters/MkU3OEVBNTcwNTJENDM2Qg/brokers"},\
            "broker_configs":{"related":"http://localhost:8080/v3/clusters/MkU3OEVBNTcwNTJENDM2Qg/broker-configs"},\
            "consumer_groups":{"related":"http://localhost:8080/v3/clusters/MkU3OEVBNTcwNTJENDM2Qg/consumer-groups"},\
            "topics":{"related":"http://localhost:8080/v3/clusters/MkU3OEVBNTcwNTJENDM2Qg/topics"},\
            "partition_reassignments":{"related":"http://localhost:8080/v3/clusters/MkU3OEVBNTcwNTJENDM2Qg/topics/-/partitions/-/reassignment"},\
            "authorized_operations":[]}""";

    private final ClusterIdentity cluster;
    private final ClusterTopology topology;
    private final AccessControl access;

    V3ClusterController(ClusterIdentity cluster, ClusterTopology topology, AccessControl access) {
        this.cluster = cluster;
        this.topology = topology;
        this.access = access;
    }

    @GetMapping(path = "/v3/clusters", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "listKafkaClusters", summary = "List clusters", description = "Exactly one: this node. Its id is generated once and kept in "
            + "<data-dir>/cluster.id.")
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value =
            "{\"kind\":\"KafkaClusterList\",\"metadata\":{\"self\":\"http://localhost:8080/v3/clusters\",\"next\":null},"
                    + "\"data\":[" + CLUSTER_EXAMPLE + "]}")))
    public V3Resources.ResourceList<V3Resources.Cluster> clusters(
            @RequestParam(name = AuthorizedOperations.PARAMETER, defaultValue = "false") @TributaryExtension
            @Parameter(description = AuthorizedOperations.PARAMETER_DESCRIPTION) boolean includeAuthorizedOperations) {
        return new V3Resources.ResourceList<>("KafkaClusterList", new V3Resources.ListMetadata(V3Links.clusters(), null),
                List.of(describe(cluster.clusterId(), includeAuthorizedOperations)));
    }

    @GetMapping(path = "/v3/clusters/{cluster_id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "getKafkaCluster", summary = "Describe the cluster", description = """
            Its `controller` is broker 0, this node; `acls` leads to the list of ACLs. With `include_authorized_operations=true`, `authorized_operations` lists DESCRIBE, and CREATE when the \
            caller's ACLs allow creating some topic (a Tributary addition: Confluent's cluster has no such field).""")
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value = CLUSTER_EXAMPLE)))
    @ApiResponse(responseCode = "404", ref = ApiDocs.REF_NOT_FOUND)
    public V3Resources.Cluster cluster(@PathVariable("cluster_id") @Parameter(example = "MkU3OEVBNTcwNTJENDM2Qg") String clusterId,
                                       @RequestParam(name = AuthorizedOperations.PARAMETER, defaultValue = "false")
                                       @TributaryExtension
                                       @Parameter(description = AuthorizedOperations.PARAMETER_DESCRIPTION)
                                       boolean includeAuthorizedOperations) {
        cluster.requireCluster(clusterId);
        return describe(clusterId, includeAuthorizedOperations);
    }

    private V3Resources.Cluster describe(String clusterId, boolean includeAuthorizedOperations) {
        return V3Resources.Cluster.of(clusterId, topology.controller(),
                AuthorizedOperations.ofCluster(access, includeAuthorizedOperations));
    }
}
