package io.tributary.web.group;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tributary.common.AccessControl;
import io.tributary.common.TopicPartition;
import io.tributary.common.errors.NotFoundException;
import io.tributary.common.errors.UnknownConsumerException;
import io.tributary.consume.GroupSnapshot;
import io.tributary.consume.GroupViews;
import io.tributary.consume.PartitionLag;
import io.tributary.topic.ClusterIdentity;
import io.tributary.topic.ClusterTopology;
import io.tributary.web.V3Links;
import io.tributary.web.group.GroupResources.Assignment;
import io.tributary.web.group.GroupResources.Consumer;
import io.tributary.web.group.GroupResources.Group;
import io.tributary.web.group.GroupResources.Lag;
import io.tributary.web.group.GroupResources.LagSummary;
import io.tributary.web.topic.V3Resources.ListMetadata;
import io.tributary.web.topic.V3Resources.ResourceList;

import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Consumer groups seen from outside, in Confluent's v3 shapes: state, members, assignments, lag. */
@RestController
@RequestMapping(path = "/v3/clusters/{cluster_id}/consumer-groups", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Consumer groups (v3)", description = "Groups with live members and groups known only from committed "
        + "offsets (state EMPTY); their members, assignments and lag.")
class V3ConsumerGroupController {

    private static final String JSON = MediaType.APPLICATION_JSON_VALUE;

    private final ClusterIdentity cluster;
    private final GroupViews groups;
    private final ClusterTopology topology;
    private final AccessControl access;

    V3ConsumerGroupController(ClusterIdentity cluster, GroupViews groups, ClusterTopology topology, AccessControl access) {
        this.cluster = cluster;
        this.groups = groups;
        this.topology = topology;
        this.access = access;
    }

    @GetMapping
    @Operation(operationId = "listKafkaConsumerGroups", summary = "List consumer groups", description = "The groups the caller may see.",
            responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = JSON, examples = @ExampleObject(value =
                    "{\"kind\": \"KafkaConsumerGroupList\", \"metadata\": {\"self\": \"http://localhost:8080/v3/clusters/"
                            + "MkU3OEVBNTcwNTJENDM2Qk/consumer-groups\", \"next\": null}, \"data\": [{\"kind\": "
                            + "\"KafkaConsumerGroup\", \"consumer_group_id\": \"payments\", \"is_simple\": false, "
                            + "\"partition_assignor\": \"sticky\", \"state\": \"STABLE\", \"type\": \"CLASSIC\", "
                            + "\"is_mixed_consumer_group\": false, \"generation_id\": 3, "
                            + "\"members_count\": 3}]}"))))
    ResourceList<Group> groups(@PathVariable("cluster_id") String clusterId) {
        cluster.requireCluster(clusterId);
        return list("KafkaConsumerGroupList", V3Links.cluster(clusterId, "consumer-groups"),
                groups.groups().stream().filter(g -> access.mayGroup(g.groupId(), AccessControl.Operation.DESCRIBE))
                        .map(g -> group(clusterId, g)).toList());
    }

    @GetMapping("/{consumer_group_id}")
    @Operation(operationId = "getKafkaConsumerGroup", summary = "Describe a consumer group",
            description = "State EMPTY (no subscribed member), PREPARING_REBALANCE (partitions waiting for their "
                    + "previous owner to give them up) or STABLE; the assignor; the generation (bumped on every "
                    + "membership or subscription change); type CLASSIC, never mixed; broker 0 coordinates it. 40405 "
                    + "for an unknown group.",
            responses = {
                    @ApiResponse(responseCode = "200", content = @Content(mediaType = JSON, examples = @ExampleObject(value =
                            "{\"kind\": \"KafkaConsumerGroup\", \"consumer_group_id\": \"payments\", \"is_simple\": false, "
                                    + "\"partition_assignor\": \"sticky\", \"state\": \"STABLE\", \"type\": \"CLASSIC\", "
                            + "\"is_mixed_consumer_group\": false, \"generation_id\": 3, "
                                    + "\"members_count\": 3}"))),
                    @ApiResponse(responseCode = "404", description = "40405: no such group")})
    Group group(@PathVariable("cluster_id") String clusterId, @PathVariable("consumer_group_id") String groupId) {
        cluster.requireCluster(clusterId);
        return group(clusterId, snapshot(groupId));
    }

    private Group group(String clusterId, GroupSnapshot g) {
        return Group.of(clusterId, g, topology.coordinator(g.groupId()));
    }

    @GetMapping("/{consumer_group_id}/consumers")
    @Operation(operationId = "listKafkaConsumers", summary = "The group's consumers and the partitions each reads",
            responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = JSON, examples = @ExampleObject(value =
                    "{\"kind\": \"KafkaConsumerList\", \"data\": [{\"kind\": \"KafkaConsumer\", \"consumer_group_id\": "
                            + "\"payments\", \"consumer_id\": \"c1\", \"instance_id\": \"c1\", \"client_id\": \"c1\", "
                            + "\"host\": \"127.0.0.1\", \"assigned_partitions\": [{\"topic_name\": \"payment-done\", "
                            + "\"partition_id\": 0}], \"pending_partitions\": []}]}"))))
    ResourceList<Consumer> consumers(@PathVariable("cluster_id") String clusterId, @PathVariable("consumer_group_id") String groupId) {
        cluster.requireCluster(clusterId);
        GroupSnapshot g = snapshot(groupId);
        return list("KafkaConsumerList", V3Links.cluster(clusterId, "consumer-groups", groupId, "consumers"),
                g.members().stream().map(m -> Consumer.of(clusterId, groupId, m)).toList());
    }

    @GetMapping("/{consumer_group_id}/consumers/{consumer_id}")
    @Operation(operationId = "getKafkaConsumer", summary = "One consumer of the group",
            responses = {@ApiResponse(responseCode = "200", content = @Content(mediaType = JSON, examples = @ExampleObject(value =
                    "{\"kind\": \"KafkaConsumer\", \"consumer_group_id\": \"payments\", \"consumer_id\": \"c1\", "
                            + "\"instance_id\": \"c1\", \"client_id\": \"c1\", \"host\": \"127.0.0.1\", "
                            + "\"assigned_partitions\": [{\"topic_name\": \"payment-done\", \"partition_id\": 0}], "
                            + "\"pending_partitions\": []}"))),
                    @ApiResponse(responseCode = "404", description = "40403: no such consumer; 40405: no such group")})
    Consumer consumer(@PathVariable("cluster_id") String clusterId, @PathVariable("consumer_group_id") String groupId, @PathVariable("consumer_id") String consumerId) {
        cluster.requireCluster(clusterId);
        return Consumer.of(clusterId, groupId, member(groupId, consumerId));
    }

    @GetMapping("/{consumer_group_id}/consumers/{consumer_id}/assignments")
    @Operation(operationId = "listKafkaConsumerAssignment", summary = "The partitions a consumer reads now",
            responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = JSON, examples = @ExampleObject(value =
                    "{\"kind\": \"KafkaConsumerAssignmentList\", \"data\": [{\"kind\": \"KafkaConsumerAssignment\", "
                            + "\"consumer_group_id\": \"payments\", \"consumer_id\": \"c1\", \"topic_name\": "
                            + "\"payment-done\", \"partition_id\": 0}]}"))))
    ResourceList<Assignment> assignments(@PathVariable("cluster_id") String clusterId, @PathVariable("consumer_group_id") String groupId,
                                         @PathVariable("consumer_id") String consumerId) {
        cluster.requireCluster(clusterId);
        GroupSnapshot.Member m = member(groupId, consumerId);
        return list("KafkaConsumerAssignmentList",
                V3Links.cluster(clusterId, "consumer-groups", groupId, "consumers", consumerId, "assignments"),
                m.owned().stream().map(tp -> Assignment.of(clusterId, groupId, consumerId, tp)).toList());
    }

    @GetMapping("/{consumer_group_id}/consumers/{consumer_id}/assignments/{topic_name}/partitions/{partition_id}")
    @Operation(operationId = "getKafkaConsumerAssignment", summary = "One partition a consumer reads now",
            description = "404 when the consumer does not read it now. Its `lag` link answers once the group has "
                    + "committed an offset for the partition (404 before, as Confluent).",
            responses = {@ApiResponse(responseCode = "200", content = @Content(mediaType = JSON, examples = @ExampleObject(value =
                    "{\"kind\": \"KafkaConsumerAssignment\", \"consumer_group_id\": \"payments\", \"consumer_id\": \"c1\", "
                            + "\"topic_name\": \"payment-done\", \"partition_id\": 0, \"partition\": {\"related\": "
                            + "\"http://localhost:8080/v3/clusters/MkU3OEVBNTcwNTJENDM2Qg/topics/payment-done/partitions/0\"}, "
                            + "\"lag\": {\"related\": \"http://localhost:8080/v3/clusters/MkU3OEVBNTcwNTJENDM2Qg/consumer-groups/"
                            + "payments/lags/payment-done/partitions/0\"}}"))),
                    @ApiResponse(responseCode = "404", description = "40403: no such consumer; 40405: no such group; "
                            + "404: the consumer does not read the partition")})
    Assignment assignment(@PathVariable("cluster_id") String clusterId, @PathVariable("consumer_group_id") String groupId, @PathVariable("consumer_id") String consumerId,
                          @PathVariable("topic_name") String topicName, @PathVariable("partition_id") int partitionId) {
        cluster.requireCluster(clusterId);
        TopicPartition tp = new TopicPartition(topicName, partitionId);
        if (!member(groupId, consumerId).owned().contains(tp)) {
            throw new NotFoundException("Consumer '" + consumerId + "' of group '" + groupId + "' does not read "
                    + topicName + "-" + partitionId + " now.");
        }
        return Assignment.of(clusterId, groupId, consumerId, tp);
    }

    @GetMapping("/{consumer_group_id}/lags")
    @Operation(operationId = "listKafkaConsumerLags", summary = "Lag per partition with a committed offset",
            description = "current_offset is the committed offset (next record to read), log_end_offset the "
                    + "partition's end, lag their difference; consumer_id is the member reading it now (empty if none).",
            responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = JSON, examples = @ExampleObject(value =
                    "{\"kind\": \"KafkaConsumerLagList\", \"data\": [{\"kind\": \"KafkaConsumerLag\", \"consumer_group_id\": "
                            + "\"payments\", \"topic_name\": \"payment-done\", \"partition_id\": 0, \"current_offset\": 40, "
                            + "\"log_end_offset\": 42, \"lag\": 2, \"consumer_id\": \"c1\", \"instance_id\": \"c1\", "
                            + "\"client_id\": \"c1\"}]}"))))
    ResourceList<Lag> lags(@PathVariable("cluster_id") String clusterId, @PathVariable("consumer_group_id") String groupId) {
        cluster.requireCluster(clusterId);
        return list("KafkaConsumerLagList", V3Links.cluster(clusterId, "consumer-groups", groupId, "lags"),
                partitionLags(groupId).stream().map(l -> Lag.of(clusterId, groupId, l)).toList());
    }

    @GetMapping("/{consumer_group_id}/lags/{topic_name}/partitions/{partition_id}")
    @Operation(operationId = "getKafkaConsumerLag", summary = "Lag of one partition (404 when the group committed nothing for it)",
            responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = JSON, examples = @ExampleObject(value =
                    "{\"kind\": \"KafkaConsumerLag\", \"consumer_group_id\": \"payments\", \"topic_name\": "
                            + "\"payment-done\", \"partition_id\": 0, \"current_offset\": 40, \"log_end_offset\": 42, "
                            + "\"lag\": 2, \"consumer_id\": \"c1\"}"))))
    Lag lag(@PathVariable("cluster_id") String clusterId, @PathVariable("consumer_group_id") String groupId, @PathVariable("topic_name") String topicName,
            @PathVariable("partition_id") int partitionId) {
        cluster.requireCluster(clusterId);
        return partitionLags(groupId).stream()
                .filter(l -> l.topic().equals(topicName) && l.partition() == partitionId)
                .findFirst().map(l -> Lag.of(clusterId, groupId, l))
                .orElseThrow(() -> new NotFoundException("Group '" + groupId
                        + "' has no committed offset for " + topicName + "-" + partitionId + "."));
    }

    @GetMapping("/{consumer_group_id}/lag-summary")
    @Operation(operationId = "getKafkaConsumerGroupLagSummary", summary = "Maximum and total lag of the group",
            responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = JSON, examples = @ExampleObject(value =
                    "{\"kind\": \"KafkaConsumerGroupLagSummary\", \"consumer_group_id\": \"payments\", "
                            + "\"max_lag_consumer_id\": \"c1\", \"max_lag_topic_name\": \"payment-done\", "
                            + "\"max_lag_partition_id\": 0, \"max_lag\": 2, \"total_lag\": 3}"))))
    LagSummary lagSummary(@PathVariable("cluster_id") String clusterId, @PathVariable("consumer_group_id") String groupId) {
        cluster.requireCluster(clusterId);
        return LagSummary.of(clusterId, groupId, partitionLags(groupId));
    }

    private GroupSnapshot snapshot(String groupId) {
        return groups.requireGroup(groupId);
    }

    private GroupSnapshot.Member member(String groupId, String consumerId) {
        return snapshot(groupId).members().stream().filter(m -> m.id().equals(consumerId)).findFirst()
                .orElseThrow(() -> new UnknownConsumerException("Consumer '" + consumerId
                        + "' not found in group '" + groupId + "'."));
    }

    /** The group's lags, for the topics the caller may describe. */
    private List<PartitionLag> partitionLags(String groupId) {
        return groups.lags(groupId).stream().filter(l -> access.mayTopic(l.topic(), AccessControl.Operation.DESCRIBE)).toList();
    }

    private static <T> ResourceList<T> list(String kind, String self, List<T> data) {
        return new ResourceList<>(kind, new ListMetadata(self, null), data);
    }
}
