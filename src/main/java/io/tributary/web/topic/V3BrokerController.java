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
import io.tributary.web.ApiDocs;
import io.tributary.web.V3Links;

import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * v3 brokers, their configs and the replicas each holds; the cluster's dynamic broker configs. Read-only: a broker's
 * settings are Tributary's configuration, read at start.
 */
@RestController
@Tag(name = "Brokers (v3)")
@ApiResponse(responseCode = "404", ref = ApiDocs.REF_NOT_FOUND)
class V3BrokerController {

    private static final String JSON = MediaType.APPLICATION_JSON_VALUE;
    private static final String BROKER_EXAMPLE = """
            {"kind":"KafkaBroker","metadata":{"self":"http://localhost:8080/v3/clusters/MkU3OEVBNTcwNTJENDM2Qg/brokers/0",\
            "resource_name":"crn:///kafka=MkU3OEVBNTcwNTJENDM2Qg/broker=0"},"cluster_id":"MkU3OEVBNTcwNTJENDM2Qg",\
            "broker_id":0,"host":"localhost","port":8080,"rack":null,\
            "configs":{"related":"http://localhost:8080/v3/clusters/MkU3OEVBNTcwNTJENDM2Qg/brokers/0/configs"},\
            "partition_replicas":{"related":"http://localhost:8080/v3/clusters/MkU3OEVBNTcwNTJENDM2Qg/brokers/0/partition-replicas"}}""";
    private static final String CONFIG_EXAMPLE = """
            {"kind":"KafkaBrokerConfig","metadata":{"self":"http://localhost:8080/v3/clusters/MkU3OEVBNTcwNTJENDM2Qg/brokers/0/configs/log.retention.ms",\
            "resource_name":"crn:///kafka=MkU3OEVBNTcwNTJENDM2Qg/broker=0/config=log.retention.ms"},\
            "cluster_id":"MkU3OEVBNTcwNTJENDM2Qg","broker_id":0,"name":"log.retention.ms","value":"86400000",\
            "is_default":false,"is_read_only":true,"is_sensitive":false,"source":"STATIC_BROKER_CONFIG",\
            "synonyms":[{"name":"log.retention.ms","value":"86400000","source":"STATIC_BROKER_CONFIG"},\
            {"name":"log.retention.ms","value":"604800000","source":"DEFAULT_CONFIG"}]}""";
    private static final String CONFIGS_DESCRIPTION = """
            The broker-level settings Tributary has, named as Kafka names them, all read-only (set at start): \
            `num.partitions` and `auto.create.topics.enable` (`tributary.topics.default-partitions`, `.auto-create`), \
            `default.replication.factor` (always 1), the defaults of new topics' configs (`log.retention.ms`, \
            `log.segment.bytes`, `log.cleanup.policy`, `log.cleaner.min.cleanable.ratio`, ...: `tributary.topics.*`), \
            and the log cleaner's `log.cleaner.threads`, `.io.max.bytes.per.second`, `.backoff.ms` and \
            `.dedupe.buffer.size` (`tributary.compaction.*`). A value set in the configuration is a \
            STATIC_BROKER_CONFIG, one left as built in a DEFAULT_CONFIG.""";

    private final ClusterIdentity cluster;
    private final ClusterTopology topology;
    private final AccessControl access;

    V3BrokerController(ClusterIdentity cluster, ClusterTopology topology, AccessControl access) {
        this.cluster = cluster;
        this.topology = topology;
        this.access = access;
    }

    @GetMapping(path = "/v3/clusters/{cluster_id}/brokers", produces = JSON)
    @Operation(operationId = "listKafkaBrokers", summary = "List brokers", description = "One: broker 0, this node, at the host and port the request "
            + "was sent to.")
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value =
            "{\"kind\":\"KafkaBrokerList\",\"metadata\":{\"self\":\"http://localhost:8080/v3/clusters/MkU3OEVBNTcwNTJENDM2Qg/brokers\","
                    + "\"next\":null},\"data\":[" + BROKER_EXAMPLE + "]}")))
    V3Resources.ResourceList<V3Resources.Broker> brokers(
            @PathVariable("cluster_id") @Parameter(example = "MkU3OEVBNTcwNTJENDM2Qg") String clusterId) {
        cluster.requireCluster(clusterId);
        return V3Resources.ResourceList.of("KafkaBrokerList", V3Links.cluster(clusterId, "brokers"),
                topology.brokers().stream().map(b -> V3Resources.Broker.of(clusterId, b)).toList());
    }

    @GetMapping(path = "/v3/clusters/{cluster_id}/brokers/{broker_id}", produces = JSON)
    @Operation(operationId = "getKafkaBroker", summary = "Describe a broker")
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value = BROKER_EXAMPLE)))
    @ApiResponse(responseCode = "400", ref = ApiDocs.REF_BAD_REQUEST)
    V3Resources.Broker broker(@PathVariable("cluster_id") @Parameter(example = "MkU3OEVBNTcwNTJENDM2Qg") String clusterId,
                              @PathVariable("broker_id") @Parameter(example = "0") int brokerId) {
        cluster.requireCluster(clusterId);
        return V3Resources.Broker.of(clusterId, topology.broker(brokerId));
    }

    @GetMapping(path = "/v3/clusters/{cluster_id}/brokers/{broker_id}/configs", produces = JSON)
    @Operation(operationId = "listKafkaBrokerConfigs", summary = "List a broker's configs", description = CONFIGS_DESCRIPTION)
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value =
            "{\"kind\":\"KafkaBrokerConfigList\",\"metadata\":{\"self\":\"http://localhost:8080/v3/clusters/MkU3OEVBNTcwNTJENDM2Qg/brokers/0/configs\","
                    + "\"next\":null},\"data\":[" + CONFIG_EXAMPLE + "]}")))
    @ApiResponse(responseCode = "400", ref = ApiDocs.REF_BAD_REQUEST)
    V3Resources.ResourceList<V3Resources.BrokerConfig> configs(
            @PathVariable("cluster_id") @Parameter(example = "MkU3OEVBNTcwNTJENDM2Qg") String clusterId,
            @PathVariable("broker_id") @Parameter(example = "0") int brokerId) {
        cluster.requireCluster(clusterId);
        return V3Resources.ResourceList.of("KafkaBrokerConfigList", V3Links.cluster(clusterId, "brokers", brokerId, "configs"),
                configsOf(clusterId, brokerId));
    }

    @GetMapping(path = "/v3/clusters/{cluster_id}/brokers/-/configs", produces = JSON)
    @Operation(operationId = "listKafkaAllBrokerConfigs", summary = "List the configs of all brokers", description = "Those of broker 0, the only one. "
            + CONFIGS_DESCRIPTION)
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value =
            "{\"kind\":\"KafkaBrokerConfigList\",\"metadata\":{\"self\":\"http://localhost:8080/v3/clusters/MkU3OEVBNTcwNTJENDM2Qg/brokers/-/configs\","
                    + "\"next\":null},\"data\":[" + CONFIG_EXAMPLE + "]}")))
    V3Resources.ResourceList<V3Resources.BrokerConfig> allConfigs(
            @PathVariable("cluster_id") @Parameter(example = "MkU3OEVBNTcwNTJENDM2Qg") String clusterId) {
        cluster.requireCluster(clusterId);
        return V3Resources.ResourceList.of("KafkaBrokerConfigList", V3Links.cluster(clusterId, "brokers", "-", "configs"),
                topology.brokers().stream().flatMap(b -> configsOf(clusterId, b.id()).stream()).toList());
    }

    @GetMapping(path = "/v3/clusters/{cluster_id}/brokers/{broker_id}/configs/{name}", produces = JSON)
    @Operation(operationId = "getKafkaBrokerConfig", summary = "Describe one broker config")
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value = CONFIG_EXAMPLE)))
    @ApiResponse(responseCode = "400", ref = ApiDocs.REF_BAD_REQUEST)
    V3Resources.BrokerConfig config(@PathVariable("cluster_id") @Parameter(example = "MkU3OEVBNTcwNTJENDM2Qg") String clusterId,
                                    @PathVariable("broker_id") @Parameter(example = "0") int brokerId,
                                    @PathVariable @Parameter(example = "log.retention.ms") String name) {
        cluster.requireCluster(clusterId);
        return configsOf(clusterId, brokerId).stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new NotFoundException("Broker " + brokerId + " has no config '" + name + "'."));
    }

    @GetMapping(path = "/v3/clusters/{cluster_id}/brokers/{broker_id}/partition-replicas", produces = JSON)
    @Operation(operationId = "listKafkaReplicasByBroker", summary = "List the replicas a broker holds", description = "Of the topics the caller may see: broker 0 "
            + "holds the only replica, the leader, of every partition.")
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value =
            "{\"kind\":\"KafkaReplicaList\",\"metadata\":{\"self\":\"http://localhost:8080/v3/clusters/MkU3OEVBNTcwNTJENDM2Qg/brokers/0/partition-replicas\","
                    + "\"next\":null},\"data\":[" + V3ReplicaController.REPLICA_EXAMPLE + "]}")))
    @ApiResponse(responseCode = "400", ref = ApiDocs.REF_BAD_REQUEST)
    V3Resources.ResourceList<V3Resources.Replica> replicas(
            @PathVariable("cluster_id") @Parameter(example = "MkU3OEVBNTcwNTJENDM2Qg") String clusterId,
            @PathVariable("broker_id") @Parameter(example = "0") int brokerId) {
        cluster.requireCluster(clusterId);
        return V3Resources.ResourceList.of("KafkaReplicaList", V3Links.cluster(clusterId, "brokers", brokerId, "partition-replicas"),
                topology.replicasOn(brokerId, t -> access.mayTopic(t, AccessControl.Operation.DESCRIBE)).stream()
                        .map(r -> V3Resources.Replica.of(clusterId, r)).toList());
    }

    @GetMapping(path = "/v3/clusters/{cluster_id}/broker-configs", produces = JSON)
    @Operation(operationId = "listKafkaClusterConfigs", summary = "List the dynamic cluster-wide broker configs", description = "Embedded: empty, Tributary "
            + "changes no broker config at run time; the settings it has are each broker's configs (`/brokers/-/configs`). "
            + "With tributary.backend=kafka: the cluster's dynamic defaults, as set through `/broker-configs:alter`.")
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value =
            "{\"kind\":\"KafkaClusterConfigList\",\"metadata\":{\"self\":\"http://localhost:8080/v3/clusters/MkU3OEVBNTcwNTJENDM2Qg/broker-configs\","
                    + "\"next\":null},\"data\":[]}")))
    V3Resources.ResourceList<V3Resources.ClusterConfig> clusterConfigs(
            @PathVariable("cluster_id") @Parameter(example = "MkU3OEVBNTcwNTJENDM2Qg") String clusterId) {
        cluster.requireCluster(clusterId);
        return V3Resources.ResourceList.of("KafkaClusterConfigList", V3Links.cluster(clusterId, "broker-configs"),
                topology.clusterConfigs().stream().map(c -> V3Resources.ClusterConfig.of(clusterId, c)).toList());
    }

    @GetMapping(path = "/v3/clusters/{cluster_id}/broker-configs/{name}", produces = JSON)
    @Operation(operationId = "getKafkaClusterConfig", summary = "Describe one dynamic cluster-wide broker config", description = "404 for a config not set "
            + "(embedded: every name, there are none; see the list).")
    V3Resources.ClusterConfig clusterConfig(@PathVariable("cluster_id") @Parameter(example = "MkU3OEVBNTcwNTJENDM2Qg") String clusterId,
                                            @PathVariable @Parameter(example = "log.retention.ms") String name) {
        cluster.requireCluster(clusterId);
        return topology.clusterConfigs().stream().filter(c -> c.name().equals(name)).findFirst()
                .map(c -> V3Resources.ClusterConfig.of(clusterId, c))
                .orElseThrow(() -> new NotFoundException("No dynamic cluster-wide broker config '" + name
                        + "': it is not set at run time; the brokers' configs are at /v3/clusters/" + clusterId
                        + "/brokers/-/configs."));
    }

    private List<V3Resources.BrokerConfig> configsOf(String clusterId, int brokerId) {
        return topology.brokerConfigs(brokerId).stream().map(c -> V3Resources.BrokerConfig.of(clusterId, brokerId, c)).toList();
    }
}
