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
import io.tributary.topic.NewTopic;
import io.tributary.topic.TopicAdmin;
import io.tributary.topic.TopicDescription;
import io.tributary.web.ApiDocs;
import io.tributary.web.ApiException;
import io.tributary.web.ErrorCode;
import io.tributary.web.TributaryExtension;
import io.tributary.web.V3Links;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** v3 topic admin: list, create, describe, delete, grow; partitions. */
@RestController
@Tag(name = "Topics (v3)")
@ApiResponse(responseCode = "404", ref = ApiDocs.REF_NOT_FOUND)
class V3TopicController {

    private static final String JSON = MediaType.APPLICATION_JSON_VALUE;
    static final String TOPIC_EXAMPLE = """
            {"kind":"KafkaTopic","metadata":{"self":"http://localhost:8080/v3/clusters/MkU3OEVBNTcwNTJENDM2Qg/topics/payment-done",\
            "resource_name":"crn:///kafka=MkU3OEVBNTcwNTJENDM2Qg/topic=payment-done"},"cluster_id":"MkU3OEVBNTcwNTJENDM2Qg",\
            "topic_name":"payment-done","is_internal":false,"replication_factor":1,"partitions_count":3,\
            "partitions":{"related":"http://localhost:8080/v3/clusters/MkU3OEVBNTcwNTJENDM2Qg/topics/payment-done/partitions"},\
            "configs":{"related":"http://localhost:8080/v3/clusters/MkU3OEVBNTcwNTJENDM2Qg/topics/payment-done/configs"},\
            "partition_reassignments":{"related":"http://localhost:8080/v3/clusters/MkU3OEVBNTcwNTJENDM2Qg/topics/payment-done/partitions/-/reassignment"},\
            "authorized_operations":[]}""";
    private static final String PARTITION_EXAMPLE = """
            {"kind":"KafkaPartition","metadata":{"self":"http://localhost:8080/v3/clusters/MkU3OEVBNTcwNTJENDM2Qg/topics/payment-done/partitions/0",\
            "resource_name":"crn:///kafka=MkU3OEVBNTcwNTJENDM2Qg/topic=payment-done/partition=0"},\
            "cluster_id":"MkU3OEVBNTcwNTJENDM2Qg","topic_name":"payment-done","partition_id":0,\
            "leader":{"related":"http://localhost:8080/v3/clusters/MkU3OEVBNTcwNTJENDM2Qg/topics/payment-done/partitions/0/replicas/0"},\
            "replicas":{"related":"http://localhost:8080/v3/clusters/MkU3OEVBNTcwNTJENDM2Qg/topics/payment-done/partitions/0/replicas"},\
            "reassignment":{"related":"http://localhost:8080/v3/clusters/MkU3OEVBNTcwNTJENDM2Qg/topics/payment-done/partitions/0/reassignment"}}""";

    private final ClusterIdentity cluster;
    private final TopicAdmin topics;
    private final ClusterTopology topology;
    private final AccessControl access;

    V3TopicController(ClusterIdentity cluster, TopicAdmin topics, ClusterTopology topology, AccessControl access) {
        this.cluster = cluster;
        this.topics = topics;
        this.topology = topology;
        this.access = access;
    }

    @GetMapping(path = "/v3/clusters/{cluster_id}/topics", produces = JSON)
    @Operation(operationId = "listKafkaTopics", summary = "List topics", description = """
            The topics the caller may see. With `include_authorized_operations=true` (or `includeAuthorizedOperations`, \
            as Confluent's REST Proxy spells it here) each topic's `authorized_operations` lists the Kafka operations \
            the caller may do on it.""")
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value =
            "{\"kind\":\"KafkaTopicList\",\"metadata\":{\"self\":\"http://localhost:8080/v3/clusters/MkU3OEVBNTcwNTJENDM2Qg/topics\","
                    + "\"next\":null},\"data\":[" + TOPIC_EXAMPLE + "]}")))
    V3Resources.ResourceList<V3Resources.Topic> list(
            @PathVariable("cluster_id") @Parameter(example = "MkU3OEVBNTcwNTJENDM2Qg") String clusterId,
            @RequestParam(name = AuthorizedOperations.PARAMETER, required = false) @TributaryExtension
            @Parameter(description = AuthorizedOperations.PARAMETER_DESCRIPTION) Boolean includeAuthorizedOperations,
            @RequestParam(name = "includeAuthorizedOperations", required = false)
            @Parameter(description = "the same, as Confluent's REST Proxy spells it on this endpoint") Boolean confluentSpelling) {
        cluster.requireCluster(clusterId);
        boolean include = Boolean.TRUE.equals(includeAuthorizedOperations) || Boolean.TRUE.equals(confluentSpelling);
        return V3Resources.ResourceList.of("KafkaTopicList", V3Links.cluster(clusterId, "topics"),
                topics.list().stream().filter(t -> access.mayTopic(t.name(), AccessControl.Operation.DESCRIBE))
                        .map(t -> topic(clusterId, t, include)).toList());
    }

    @PostMapping(path = "/v3/clusters/{cluster_id}/topics", consumes = JSON, produces = JSON)
    @Operation(operationId = "createKafkaTopic", summary = "Create a topic", description = """
            `partitions_count` defaults to `tributary.topics.default-partitions`; `replication_factor` must be 1 (or -1, \
            the default) on the embedded backend; over Kafka any factor the cluster can place, -1 meaning \
            `tributary.kafka.replication-factor` (itself -1 by default: the brokers' `default.replication.factor`). \
            `configs` may set the topic configs of `GET .../configs` (over Kafka: Kafka's topic configs); others are \
            rejected. With `validate_only` nothing is \
            created and the answer is 200.""")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(value = """
            {"topic_name":"payment-done","partitions_count":3,"replication_factor":1,\
            "configs":[{"name":"retention.ms","value":"86400000"}]}""")))
    @ApiResponse(responseCode = "201", description = "Created; Location is the topic's URL",
            content = @Content(examples = @ExampleObject(value = TOPIC_EXAMPLE)))
    @ApiResponse(responseCode = "200", description = "With validate_only: valid, nothing created",
            content = @Content(examples = @ExampleObject(value = TOPIC_EXAMPLE)))
    @ApiResponse(responseCode = "400", ref = ApiDocs.REF_BAD_ADMIN_REQUEST)
    @ApiResponse(responseCode = "422", ref = ApiDocs.REF_UNPROCESSABLE)
    @ApiResponse(responseCode = "429", ref = ApiDocs.REF_TOO_MANY_REQUESTS)
    ResponseEntity<V3Resources.Topic> create(@PathVariable("cluster_id") @Parameter(example = "MkU3OEVBNTcwNTJENDM2Qg") String clusterId,
                                                    @RequestBody V3Requests.CreateTopic request) {
        cluster.requireCluster(clusterId);
        if (request.topicName() == null) {
            throw new ApiException(ErrorCode.INVALID_PAYLOAD, "topic_name is required.");
        }
        access.requireCreateTopic(request.topicName());
        NewTopic topic = topics.validateNew(request.topicName(), request.partitionsCount(),
                request.replicationFactor(), configMap(request.configs()));
        if (Boolean.TRUE.equals(request.validateOnly())) {
            return ResponseEntity.ok(V3Resources.Topic.of(clusterId, topic.name(), topic.partitions(), topic.replicationFactor()));
        }
        TopicDescription created = topics.create(topic);
        V3Resources.Topic body = V3Resources.Topic.of(clusterId, created.name(), created.partitions(), created.replicationFactor());
        return ResponseEntity.created(URI.create(body.metadata().self())).body(body);
    }

    @GetMapping(path = "/v3/clusters/{cluster_id}/topics/{topic_name}", produces = JSON)
    @Operation(operationId = "getKafkaTopic", summary = "Describe a topic", description = """
            With `include_authorized_operations=true`, `authorized_operations` lists the Kafka operations the caller \
            may do on the topic: DESCRIBE and DESCRIBE_CONFIGS with any ACL on it, READ with consume, WRITE with \
            produce, ALTER, ALTER_CONFIGS and DELETE with admin.""")
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value = TOPIC_EXAMPLE)))
    @ApiResponse(responseCode = "422", ref = ApiDocs.REF_UNPROCESSABLE)
    V3Resources.Topic topic(@PathVariable("cluster_id") @Parameter(example = "MkU3OEVBNTcwNTJENDM2Qg") String clusterId,
                            @PathVariable("topic_name") @Parameter(example = "payment-done") String topicName,
                            @RequestParam(name = AuthorizedOperations.PARAMETER, defaultValue = "false")
                            @Parameter(description = AuthorizedOperations.PARAMETER_DESCRIPTION)
                            boolean includeAuthorizedOperations) {
        cluster.requireCluster(clusterId);
        return topic(clusterId, topics.describe(topicName), includeAuthorizedOperations);
    }

    private V3Resources.Topic topic(String clusterId, TopicDescription topic, boolean includeAuthorizedOperations) {
        return V3Resources.Topic.of(clusterId, topic.name(), topic.partitions(), topic.replicationFactor(),
                AuthorizedOperations.ofTopic(access, topic.name(), includeAuthorizedOperations));
    }

    @DeleteMapping(path = "/v3/clusters/{cluster_id}/topics/{topic_name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "deleteKafkaTopic", summary = "Delete a topic", description = "Deletes its data; other capabilities (committed offsets) "
            + "follow through the topic's Deleted event.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "422", ref = ApiDocs.REF_UNPROCESSABLE)
    void delete(@PathVariable("cluster_id") @Parameter(example = "MkU3OEVBNTcwNTJENDM2Qg") String clusterId,
                       @PathVariable("topic_name") @Parameter(example = "payment-done") String topicName) {
        cluster.requireCluster(clusterId);
        topics.delete(topicName);
    }

    @PatchMapping(path = "/v3/clusters/{cluster_id}/topics/{topic_name}", consumes = JSON, produces = JSON)
    @Operation(operationId = "updatePartitionCountKafkaTopic", summary = "Increase the partition count", description = "Only increases are allowed, as in Kafka; keyed "
            + "records may map to other partitions afterwards.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(value =
            "{\"partitions_count\":6}")))
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value = TOPIC_EXAMPLE)))
    @ApiResponse(responseCode = "400", ref = ApiDocs.REF_BAD_ADMIN_REQUEST)
    @ApiResponse(responseCode = "422", ref = ApiDocs.REF_UNPROCESSABLE)
    V3Resources.Topic increasePartitions(@PathVariable("cluster_id") @Parameter(example = "MkU3OEVBNTcwNTJENDM2Qg") String clusterId,
                                                @PathVariable("topic_name") @Parameter(example = "payment-done") String topicName,
                                                @RequestBody V3Requests.PartitionsCount request) {
        cluster.requireCluster(clusterId);
        if (request.partitionsCount() == null) {
            throw new ApiException(ErrorCode.INVALID_PAYLOAD, "partitions_count is required.");
        }
        TopicDescription topic = topics.increasePartitions(topicName, request.partitionsCount());
        return V3Resources.Topic.of(clusterId, topic.name(), topic.partitions(), topic.replicationFactor());
    }

    @GetMapping(path = "/v3/clusters/{cluster_id}/topics/{topic_name}/partitions", produces = JSON)
    @Operation(operationId = "listKafkaPartitions", summary = "List a topic's partitions")
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value =
            "{\"kind\":\"KafkaPartitionList\",\"metadata\":{\"self\":\"http://localhost:8080/v3/clusters/MkU3OEVBNTcwNTJENDM2Qg/topics/payment-done/partitions\","
                    + "\"next\":null},\"data\":[" + PARTITION_EXAMPLE + "]}")))
    @ApiResponse(responseCode = "422", ref = ApiDocs.REF_UNPROCESSABLE)
    V3Resources.ResourceList<V3Resources.Partition> partitions(
            @PathVariable("cluster_id") @Parameter(example = "MkU3OEVBNTcwNTJENDM2Qg") String clusterId,
            @PathVariable("topic_name") @Parameter(example = "payment-done") String topicName) {
        cluster.requireCluster(clusterId);
        TopicDescription topic = topics.describe(topicName);
        List<V3Resources.Partition> data = IntStream.range(0, topic.partitions())
                .mapToObj(p -> V3Resources.Partition.of(clusterId, topic.name(), p, topology.replicas(topic.name(), p))).toList();
        return V3Resources.ResourceList.of("KafkaPartitionList", V3Links.cluster(clusterId, "topics", topic.name(), "partitions"), data);
    }

    @GetMapping(path = "/v3/clusters/{cluster_id}/topics/{topic_name}/partitions/{partition_id}", produces = JSON)
    @Operation(operationId = "getKafkaPartition", summary = "Describe one partition")
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value = PARTITION_EXAMPLE)))
    @ApiResponse(responseCode = "400", ref = ApiDocs.REF_BAD_REQUEST)
    @ApiResponse(responseCode = "422", ref = ApiDocs.REF_UNPROCESSABLE)
    V3Resources.Partition partition(@PathVariable("cluster_id") @Parameter(example = "MkU3OEVBNTcwNTJENDM2Qg") String clusterId,
                                           @PathVariable("topic_name") @Parameter(example = "payment-done") String topicName,
                                           @PathVariable("partition_id") @Parameter(example = "0") int partitionId) {
        cluster.requireCluster(clusterId);
        return V3Resources.Partition.of(clusterId, topicName, partitionId, topology.replicas(topicName, partitionId));
    }

    /** Config entries as a map; a name given twice is ambiguous and rejected, a null value means "the default". */
    static Map<String, String> configMap(List<V3Requests.ConfigEntry> entries) {
        Map<String, String> map = new LinkedHashMap<>();
        if (entries == null) {
            return map;
        }
        for (V3Requests.ConfigEntry entry : entries) {
            if (entry == null || entry.name() == null) {
                throw new ApiException(ErrorCode.INVALID_PAYLOAD, "Every config needs a name.");
            }
            if (map.containsKey(entry.name())) {
                throw new ApiException(ErrorCode.INVALID_PAYLOAD, "Config '" + entry.name() + "' is given more than once.");
            }
            map.put(entry.name(), entry.value());
        }
        map.values().removeIf(v -> v == null);
        return map;
    }
}
