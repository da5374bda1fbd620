package io.tributary.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.RequestBody;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The v3 bodies under the names Confluent's OpenAPI document gives them (TopicData, TopicDataList, ...), with the
 * properties it requires marked required, so a client generated from either document has the same types. The Java
 * records keep their short names; the document is renamed here, in one table, instead of in annotations on each
 * record (the generic ResourceList could not carry a name per element type anyway). ConfluentOpenApiIT compares the
 * required properties with Confluent's document.
 */
final class ConfluentSchemas {

    /**
     * A Java-derived schema name, Confluent's name for it (the same where the record already has it: then only the
     * required properties are marked), and the properties Confluent does not require.
     */
    private record Rename(String from, String to, Set<String> optional) {
    }

    private static final List<Rename> RENAMES = List.of(
            rename("Cluster", "ClusterData", "controller", "authorized_operations"),
            rename("ResourceListCluster", "ClusterDataList"),
            rename("Topic", "TopicData", "authorized_operations"),
            rename("ResourceListTopic", "TopicDataList"),
            rename("Partition", "PartitionData", "leader"),
            rename("ResourceListPartition", "PartitionDataList"),
            rename("Replica", "ReplicaData"),
            rename("ResourceListReplica", "ReplicaDataList"),
            rename("Reassignment", "ReassignmentData"),
            rename("ResourceListReassignment", "ReassignmentDataList"),
            rename("Broker", "BrokerData", "host", "port", "rack"),
            rename("ResourceListBroker", "BrokerDataList"),
            rename("BrokerConfig", "BrokerConfigData", "value"),
            rename("ResourceListBrokerConfig", "BrokerConfigDataList"),
            rename("ClusterConfig", "ClusterConfigData", "value"),
            rename("ResourceListClusterConfig", "ClusterConfigDataList"),
            rename("TopicConfig", "TopicConfigData", "value"),
            rename("ResourceListTopicConfig", "TopicConfigDataList"),
            rename("Synonym", "ConfigSynonymData", "value"),
            rename("Group", "ConsumerGroupData", "generation_id", "members_count"),
            rename("ResourceListGroup", "ConsumerGroupDataList"),
            rename("Consumer", "ConsumerData", "instance_id", "host", "assigned_partitions", "pending_partitions"),
            rename("ResourceListConsumer", "ConsumerDataList"),
            rename("Assignment", "ConsumerAssignmentData"),
            rename("ResourceListAssignment", "ConsumerAssignmentDataList"),
            rename("Lag", "ConsumerLagData", "instance_id"),
            rename("ResourceListLag", "ConsumerLagDataList"),
            rename("LagSummary", "ConsumerGroupLagSummaryData", "max_lag_instance_id"),
            rename("CreateTopic", "CreateTopicRequestData", "partitions_count", "replication_factor", "configs",
                    "validate_only"),
            rename("PartitionsCount", "UpdatePartitionCountRequestData"),
            rename("AlterConfigs", "AlterConfigBatchRequestData", "validate_only"),
            rename("UpdateConfig", "UpdateConfigRequestData", "value"),
            rename("V3ProduceResult", "ProduceResponse", "message", "cluster_id", "topic_name", "partition_id", "offset",
                    "timestamp", "key", "value"),
            rename("Data", "ProduceResponseData"),
            rename("Metadata", "ResourceMetadata", "resource_name"),
            rename("ListMetadata", "ResourceCollectionMetadata", "next"),
            rename("Related", "Relationship"),
            rename("AclData", "AclData"),
            rename("AclDataList", "AclDataList"),
            rename("DeleteAclsResponse", "DeleteAclsResponse"),
            rename("CreateAclRequest", "CreateAclRequestData"),
            rename("BatchCreateAclRequest", "CreateAclRequestDataList"),
            rename("PartitionWithOffsets", "PartitionWithOffsetsData"),
            rename("V3ProduceBatchResponse", "ProduceBatchResponse", "successes", "failures"),
            rename("Success", "ProduceBatchResponseSuccessEntry", "cluster_id", "topic_name", "partition_id", "offset",
                    "timestamp", "key", "value"),
            rename("Failure", "ProduceBatchResponseFailureEntry", "message"));

    private static final String PREFIX = "#/components/schemas/";

    private ConfluentSchemas() {
    }

    private static Rename rename(String from, String to, String... optional) {
        return new Rename(from, to, Set.of(optional));
    }

    /** Confluent's {@code Error}: the body of every error answer (api.md). */
    static Schema<?> error() {
        Schema<?> schema = new ObjectSchema().description("Every error answer: the HTTP status is the first three digits "
                + "of error_code (503 for 50003)");
        schema.addProperty("error_code", new IntegerSchema().description("HTTP status × 100 + sub-code, or the plain status"));
        schema.addProperty("message", new StringSchema());
        schema.setRequired(List.of("error_code", "message"));
        return schema;
    }

    /** Renames the schemas in the table that the document has, and every reference to them; marks what is required. */
    static void rename(OpenAPI openApi) {
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        if (schemas == null) {
            return;
        }
        Map<String, String> names = new LinkedHashMap<>();
        for (Rename rename : RENAMES) {
            Schema<?> schema = schemas.get(rename.from());
            if (schema == null || (!rename.from().equals(rename.to()) && schemas.containsKey(rename.to()))) {
                continue;
            }
            if (schema.getProperties() != null) {
                schema.setRequired(schema.getProperties().keySet().stream()
                        .filter(property -> !rename.optional().contains(property)).toList());
            }
            names.put(rename.from(), rename.to());
        }
        Map<String, Schema> renamed = new LinkedHashMap<>();
        schemas.forEach((name, schema) -> renamed.put(names.getOrDefault(name, name), schema));
        openApi.getComponents().setSchemas(renamed);
        Consumer<Schema<?>> rewrite = schema -> {
            String ref = schema.get$ref();
            if (ref != null && ref.startsWith(PREFIX) && names.containsKey(ref.substring(PREFIX.length()))) {
                schema.set$ref(PREFIX + names.get(ref.substring(PREFIX.length())));
            }
        };
        renamed.values().forEach(schema -> walk(schema, rewrite));
        outsideSchemas(openApi, rewrite);
    }

    /** Drops the component schemas nothing refers to (left from types springdoc saw but the document does not use). */
    static void dropUnused(OpenAPI openApi) {
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        if (schemas == null) {
            return;
        }
        Set<String> used = new HashSet<>();
        Deque<String> found = new ArrayDeque<>();
        Consumer<Schema<?>> collect = schema -> {
            String ref = schema.get$ref();
            if (ref != null && ref.startsWith(PREFIX) && used.add(ref.substring(PREFIX.length()))) {
                found.add(ref.substring(PREFIX.length()));
            }
        };
        outsideSchemas(openApi, collect);
        while (!found.isEmpty()) {
            Schema<?> schema = schemas.get(found.poll());
            if (schema != null) {
                walk(schema, collect);
            }
        }
        schemas.keySet().retainAll(used);
    }

    /** Every schema in the operations and the shared responses and request bodies, nested ones included. */
    private static void outsideSchemas(OpenAPI openApi, Consumer<Schema<?>> visitor) {
        if (openApi.getComponents().getResponses() != null) {
            openApi.getComponents().getResponses().values().forEach(response -> walk(response.getContent(), visitor));
        }
        if (openApi.getComponents().getRequestBodies() != null) {
            openApi.getComponents().getRequestBodies().values().forEach(body -> walk(body.getContent(), visitor));
        }
        openApi.getPaths().values().forEach(item -> item.readOperations().forEach(operation -> {
            if (operation.getParameters() != null) {
                operation.getParameters().forEach(parameter -> walk(parameter.getSchema(), visitor));
            }
            RequestBody body = operation.getRequestBody();
            if (body != null) {
                walk(body.getContent(), visitor);
            }
            if (operation.getResponses() != null) {
                operation.getResponses().values().forEach(response -> walk(response.getContent(), visitor));
            }
        }));
    }

    private static void walk(Content content, Consumer<Schema<?>> visitor) {
        if (content != null) {
            content.values().forEach(media -> walk(media.getSchema(), visitor));
        }
    }

    private static void walk(Schema<?> schema, Consumer<Schema<?>> visitor) {
        if (schema == null) {
            return;
        }
        visitor.accept(schema);
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(property -> walk(property, visitor));
        }
        walk(schema.getItems(), visitor);
        if (schema.getAdditionalProperties() instanceof Schema<?> additional) {
            walk(additional, visitor);
        }
        Stream.of(schema.getAllOf(), schema.getAnyOf(), schema.getOneOf()).filter(Objects::nonNull)
                .flatMap(List::stream).forEach(part -> walk(part, visitor));
    }
}
