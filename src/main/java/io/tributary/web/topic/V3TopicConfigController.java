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
import io.tributary.topic.TopicAdmin;
import io.tributary.topic.TopicDescription;
import io.tributary.web.ApiDocs;
import io.tributary.web.V3Links;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** v3 topic configs: list, get, set one, reset one, alter several at once (all or nothing). */
@RestController
@Tag(name = "Topic configs (v3)")
@ApiResponse(responseCode = "404", ref = ApiDocs.REF_NOT_FOUND)
@ApiResponse(responseCode = "422", ref = ApiDocs.REF_UNPROCESSABLE)
class V3TopicConfigController {

    private static final String JSON = MediaType.APPLICATION_JSON_VALUE;
    private static final String CONFIG_EXAMPLE = """
            {"kind":"KafkaTopicConfig","metadata":{"self":"http://localhost:8080/v3/clusters/MkU3OEVBNTcwNTJENDM2Qg/topics/payment-done/configs/retention.ms",\
            "resource_name":"crn:///kafka=MkU3OEVBNTcwNTJENDM2Qg/topic=payment-done/config=retention.ms"},\
            "cluster_id":"MkU3OEVBNTcwNTJENDM2Qg","topic_name":"payment-done","name":"retention.ms","value":"86400000",\
            "is_default":false,"is_read_only":false,"is_sensitive":false,"source":"DYNAMIC_TOPIC_CONFIG",\
            "synonyms":[{"name":"retention.ms","value":"86400000","source":"DYNAMIC_TOPIC_CONFIG"},\
            {"name":"retention.ms","value":"604800000","source":"DEFAULT_CONFIG"}]}""";

    private final ClusterIdentity cluster;
    private final TopicAdmin topics;
    private final AccessControl access;

    V3TopicConfigController(ClusterIdentity cluster, TopicAdmin topics, AccessControl access) {
        this.cluster = cluster;
        this.topics = topics;
        this.access = access;
    }

    @GetMapping(path = "/v3/clusters/{cluster_id}/topics/-/configs", produces = JSON)
    @Operation(operationId = "listKafkaAllTopicConfigs", summary = "List the configs of all topics", description = "Every config of every topic the caller may "
            + "see, by topic name, as Confluent's List All Topic Configs (one call where a topic list needs settings).")
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value =
            "{\"kind\":\"KafkaTopicConfigList\",\"metadata\":{\"self\":\"http://localhost:8080/v3/clusters/MkU3OEVBNTcwNTJENDM2Qg/topics/-/configs\","
                    + "\"next\":null},\"data\":[" + CONFIG_EXAMPLE + "]}")))
    V3Resources.ResourceList<V3Resources.TopicConfig> listAll(
            @PathVariable("cluster_id") @Parameter(example = "MkU3OEVBNTcwNTJENDM2Qg") String clusterId) {
        cluster.requireCluster(clusterId);
        Map<String, String> defaults = topics.defaultConfigs();
        List<V3Resources.TopicConfig> data = new ArrayList<>();
        topics.list().stream().filter(topic -> access.mayTopic(topic.name(), AccessControl.Operation.DESCRIBE))
                .forEach(topic -> data.addAll(configsOf(clusterId, topic, defaults)));
        return V3Resources.ResourceList.of("KafkaTopicConfigList", V3Links.cluster(clusterId, "topics", "-", "configs"), data);
    }

    @GetMapping(path = "/v3/clusters/{cluster_id}/topics/{topic_name}/configs", produces = JSON)
    @Operation(operationId = "listKafkaTopicConfigs", summary = "List a topic's configs", description = "Every config Tributary enforces, with its value and "
            + "whether it is the default (`tributary.topics.*`).")
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value =
            "{\"kind\":\"KafkaTopicConfigList\",\"metadata\":{\"self\":\"http://localhost:8080/v3/clusters/MkU3OEVBNTcwNTJENDM2Qg/topics/payment-done/configs\","
                    + "\"next\":null},\"data\":[" + CONFIG_EXAMPLE + "]}")))
    V3Resources.ResourceList<V3Resources.TopicConfig> list(
            @PathVariable("cluster_id") @Parameter(example = "MkU3OEVBNTcwNTJENDM2Qg") String clusterId,
            @PathVariable("topic_name") @Parameter(example = "payment-done") String topicName) {
        cluster.requireCluster(clusterId);
        TopicDescription topic = topics.describe(topicName);
        return V3Resources.ResourceList.of("KafkaTopicConfigList", V3Links.cluster(clusterId, "topics", topic.name(), "configs"),
                configsOf(clusterId, topic, topics.defaultConfigs()));
    }

    private static List<V3Resources.TopicConfig> configsOf(String clusterId, TopicDescription topic, Map<String, String> defaults) {
        List<V3Resources.TopicConfig> data = new ArrayList<>();
        topic.configs().forEach((name, value) ->
                data.add(V3Resources.TopicConfig.of(clusterId, topic.name(), name, value, defaults.get(name))));
        return data;
    }

    @GetMapping(path = "/v3/clusters/{cluster_id}/topics/{topic_name}/configs/{name}", produces = JSON)
    @Operation(operationId = "getKafkaTopicConfig", summary = "Get one config")
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value = CONFIG_EXAMPLE)))
    V3Resources.TopicConfig get(@PathVariable("cluster_id") @Parameter(example = "MkU3OEVBNTcwNTJENDM2Qg") String clusterId,
                                       @PathVariable("topic_name") @Parameter(example = "payment-done") String topicName,
                                       @PathVariable @Parameter(example = "retention.ms") String name) {
        cluster.requireCluster(clusterId);
        TopicDescription topic = topics.describe(topicName);
        String defaultValue = requireConfigName(name);
        return V3Resources.TopicConfig.of(clusterId, topic.name(), name, topic.configs().get(name), defaultValue);
    }

    @PutMapping(path = "/v3/clusters/{cluster_id}/topics/{topic_name}/configs/{name}", consumes = JSON)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "updateKafkaTopicConfig", summary = "Set one config", description = "Segment and retention changes apply from the next append "
            + "or retention pass.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(value =
            "{\"value\":\"86400000\"}")))
    @ApiResponse(responseCode = "204", description = "Set")
    void set(@PathVariable("cluster_id") @Parameter(example = "MkU3OEVBNTcwNTJENDM2Qg") String clusterId,
                    @PathVariable("topic_name") @Parameter(example = "payment-done") String topicName,
                    @PathVariable @Parameter(example = "retention.ms") String name,
                    @RequestBody V3Requests.UpdateConfig request) {
        cluster.requireCluster(clusterId);
        topics.describe(topicName);
        requireConfigName(name);
        topics.alterConfigs(topicName, Map.of(name, request.required()), List.of(), false);
    }

    @DeleteMapping(path = "/v3/clusters/{cluster_id}/topics/{topic_name}/configs/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "deleteKafkaTopicConfig", summary = "Reset one config to its default")
    @ApiResponse(responseCode = "204", description = "Reset")
    void reset(@PathVariable("cluster_id") @Parameter(example = "MkU3OEVBNTcwNTJENDM2Qg") String clusterId,
                      @PathVariable("topic_name") @Parameter(example = "payment-done") String topicName,
                      @PathVariable @Parameter(example = "retention.ms") String name) {
        cluster.requireCluster(clusterId);
        topics.describe(topicName);
        requireConfigName(name);
        topics.alterConfigs(topicName, Map.of(), List.of(name), false);
    }

    /** @return the config's default value; @throws NotFoundException for a config name topics do not have */
    private String requireConfigName(String config) {
        Map<String, String> defaults = topics.defaultConfigs();
        if (!defaults.containsKey(config)) {
            throw new NotFoundException("Config '" + config + "' not found; topic configs are " + defaults.keySet() + ".");
        }
        return defaults.get(config);
    }

    @PostMapping(path = "/v3/clusters/{cluster_id}/topics/{topic_name}/configs:alter", consumes = JSON)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "updateKafkaTopicConfigBatch", summary = "Alter several configs at once", description = "Each entry SETs a value or DELETEs (resets) "
            + "a config; all entries are validated first and applied together or not at all. With `validate_only` "
            + "nothing changes.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(value = """
            {"data":[{"name":"retention.ms","value":"86400000"},{"name":"segment.bytes","value":"104857600"},\
            {"name":"max.message.bytes","operation":"DELETE"}]}""")))
    @ApiResponse(responseCode = "204", description = "Altered")
    void alter(@PathVariable("cluster_id") @Parameter(example = "MkU3OEVBNTcwNTJENDM2Qg") String clusterId,
                      @PathVariable("topic_name") @Parameter(example = "payment-done") String topicName,
                      @RequestBody V3Requests.AlterConfigs request) {
        cluster.requireCluster(clusterId);
        V3Requests.ConfigChanges changes = request.changes();
        topics.alterConfigs(topicName, changes.set(), changes.reset(), changes.validateOnly());
    }
}
