package io.tributary.web.topic;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tributary.common.errors.NotFoundException;
import io.tributary.topic.BrokerConfig;
import io.tributary.topic.BrokerConfigAdmin;
import io.tributary.topic.ClusterIdentity;
import io.tributary.topic.ClusterTopology;
import io.tributary.web.ApiDocs;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * v3 broker config changes, per broker and cluster-wide (Kafka's dynamic broker configs), for admins only. As
 * Confluent's REST Proxy: a broker's configs are changed only by names the broker has (404 otherwise), a cluster-wide
 * one by any name, which the cluster judges; a cluster-wide config is reset only while it is set (404 otherwise).
 */
@RestController
@Tag(name = "Brokers (v3)")
@ApiResponse(responseCode = "204", description = "Changed (or, with validate_only, valid)")
@ApiResponse(responseCode = "400", ref = ApiDocs.REF_BAD_ADMIN_REQUEST)
@ApiResponse(responseCode = "403", description = "Only admins may change broker configs (Kafka's ALTER_CONFIGS on the cluster; 40301).")
@ApiResponse(responseCode = "404", ref = ApiDocs.REF_NOT_FOUND)
@ApiResponse(responseCode = "422", ref = ApiDocs.REF_UNPROCESSABLE)
class V3BrokerConfigChangeController {

    private static final String JSON = MediaType.APPLICATION_JSON_VALUE;
    private static final String REFUSAL = """
            The embedded backend's broker configs are Tributary's configuration, read at start (`is_read_only: true`): \
            setting one is refused as a Kafka broker refuses a config it cannot update dynamically (400, error_code \
            40002, naming the `tributary.*` setting to change instead); a reset changes nothing (204), as Kafka's \
            reset of a config with no run-time value. With tributary.backend=kafka the change is made on the cluster \
            (Admin incrementalAlterConfigs) and Kafka's refusals are 40002 too.""";
    private static final String ALTER_EXAMPLE = """
            {"data":[{"name":"log.retention.ms","value":"86400000"},{"name":"log.cleaner.threads","operation":"DELETE"}],\
            "validate_only":false}""";

    private final ClusterIdentity cluster;
    private final ClusterTopology topology;
    private final BrokerConfigAdmin admin;

    V3BrokerConfigChangeController(ClusterIdentity cluster, ClusterTopology topology, BrokerConfigAdmin admin) {
        this.cluster = cluster;
        this.topology = topology;
        this.admin = admin;
    }

    @PostMapping(path = "/v3/clusters/{cluster_id}/broker-configs:alter", consumes = JSON)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "updateKafkaClusterConfigs", summary = "Batch Alter Dynamic Broker Configs",
            description = "Sets (SET, the default) or resets (DELETE) cluster-wide broker configs, all or nothing; "
                    + "with `validate_only` nothing changes. " + REFUSAL)
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(value = ALTER_EXAMPLE)))
    void alterCluster(@PathVariable("cluster_id") @Parameter(example = "MkU3OEVBNTcwNTJENDM2Qg") String clusterId,
                      @RequestBody V3Requests.AlterConfigs request) {
        cluster.requireCluster(clusterId);
        V3Requests.ConfigChanges changes = request.changes();
        admin.alter(OptionalInt.empty(), changes.set(), changes.reset(), changes.validateOnly());
    }

    @PutMapping(path = "/v3/clusters/{cluster_id}/broker-configs/{name}", consumes = JSON)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "updateKafkaClusterConfig", summary = "Update Dynamic Broker Config",
            description = "Sets a cluster-wide broker config. " + REFUSAL)
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(value =
            "{\"value\":\"86400000\"}")))
    void setCluster(@PathVariable("cluster_id") @Parameter(example = "MkU3OEVBNTcwNTJENDM2Qg") String clusterId,
                    @PathVariable @Parameter(example = "log.retention.ms") String name,
                    @RequestBody V3Requests.UpdateConfig request) {
        cluster.requireCluster(clusterId);
        admin.alter(OptionalInt.empty(), Map.of(name, request.required()), List.of(), false);
    }

    @DeleteMapping(path = "/v3/clusters/{cluster_id}/broker-configs/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "deleteKafkaClusterConfig", summary = "Reset Dynamic Broker Config",
            description = "Resets a cluster-wide broker config that is set (404 otherwise, as Confluent): each broker "
                    + "takes its own value again. " + REFUSAL)
    void resetCluster(@PathVariable("cluster_id") @Parameter(example = "MkU3OEVBNTcwNTJENDM2Qg") String clusterId,
                      @PathVariable @Parameter(example = "log.retention.ms") String name) {
        cluster.requireCluster(clusterId);
        requireKnown(topology.clusterConfigs(), Set.of(name), "BROKER", "", clusterId);
        admin.alter(OptionalInt.empty(), Map.of(), List.of(name), false);
    }

    @PostMapping(path = "/v3/clusters/{cluster_id}/brokers/{broker_id}/configs:alter", consumes = JSON)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "updateKafkaBrokerConfigBatch", summary = "Batch Alter Broker Configs",
            description = "Sets (SET, the default) or resets (DELETE) configs of one broker, all or nothing; every "
                    + "name must be one of the broker's configs (404 otherwise, as Confluent); with `validate_only` "
                    + "nothing changes. " + REFUSAL)
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(value = ALTER_EXAMPLE)))
    void alterBroker(@PathVariable("cluster_id") @Parameter(example = "MkU3OEVBNTcwNTJENDM2Qg") String clusterId,
                     @PathVariable("broker_id") @Parameter(example = "0") int brokerId,
                     @RequestBody V3Requests.AlterConfigs request) {
        cluster.requireCluster(clusterId);
        V3Requests.ConfigChanges changes = request.changes();
        requireKnown(topology.brokerConfigs(brokerId), changes.names().collect(Collectors.toSet()), "BROKER",
                String.valueOf(brokerId), clusterId);
        admin.alter(OptionalInt.of(brokerId), changes.set(), changes.reset(), changes.validateOnly());
    }

    @PutMapping(path = "/v3/clusters/{cluster_id}/brokers/{broker_id}/configs/{name}", consumes = JSON)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "updateKafkaBrokerConfig", summary = "Update Broker Config",
            description = "Sets one of the broker's configs (404 for a name it does not have). " + REFUSAL)
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(value =
            "{\"value\":\"86400000\"}")))
    void setBroker(@PathVariable("cluster_id") @Parameter(example = "MkU3OEVBNTcwNTJENDM2Qg") String clusterId,
                   @PathVariable("broker_id") @Parameter(example = "0") int brokerId,
                   @PathVariable @Parameter(example = "log.retention.ms") String name,
                   @RequestBody V3Requests.UpdateConfig request) {
        cluster.requireCluster(clusterId);
        requireKnown(topology.brokerConfigs(brokerId), Set.of(name), "BROKER", String.valueOf(brokerId), clusterId);
        admin.alter(OptionalInt.of(brokerId), Map.of(name, request.required()), List.of(), false);
    }

    @DeleteMapping(path = "/v3/clusters/{cluster_id}/brokers/{broker_id}/configs/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "deleteKafkaBrokerConfig", summary = "Reset Broker Config",
            description = "Resets one of the broker's configs to its static or default value (404 for a name it does "
                    + "not have). " + REFUSAL)
    void resetBroker(@PathVariable("cluster_id") @Parameter(example = "MkU3OEVBNTcwNTJENDM2Qg") String clusterId,
                     @PathVariable("broker_id") @Parameter(example = "0") int brokerId,
                     @PathVariable @Parameter(example = "log.retention.ms") String name) {
        cluster.requireCluster(clusterId);
        requireKnown(topology.brokerConfigs(brokerId), Set.of(name), "BROKER", String.valueOf(brokerId), clusterId);
        admin.alter(OptionalInt.of(brokerId), Map.of(), List.of(name), false);
    }

    /** As Confluent checks before a change: every name is one of the configs listed, else 404 with its message. */
    private static void requireKnown(List<BrokerConfig> configs, Set<String> names, String type, String resource,
                                     String clusterId) {
        Set<String> known = configs.stream().map(BrokerConfig::name).collect(Collectors.toSet());
        names.stream().filter(n -> !known.contains(n)).sorted().findFirst().ifPresent(name -> {
            throw new NotFoundException("Config " + name + " cannot be found for " + type + " " + resource
                    + " in cluster " + clusterId + ".");
        });
    }
}
