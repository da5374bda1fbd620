package io.tributary.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.tags.Tag;
import io.tributary.topic.ClusterIdentity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document's title, description, tags and the shared error responses (Swagger UI: /swagger-ui.html). */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

    private static final String CLUSTER_ID = "cluster_id";

    /**
     * Swagger UI's "Try it out" fills path parameters from their examples: the cluster id's must be this cluster's,
     * else every v3 call tried there answers 404 until the user looks the id up.
     */
    @Bean
    public OpenApiCustomizer realClusterIdExamples(ClusterIdentity cluster) {
        return openApi -> openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
            if (operation.getParameters() != null) {
                operation.getParameters().stream().filter(parameter -> CLUSTER_ID.equals(parameter.getName()))
                        .forEach(parameter -> parameter.example(cluster.clusterId()).examples(null));
            }
        }));
    }

    @Bean
    public OpenAPI tributaryOpenApi() {
        String version = OpenApiConfiguration.class.getPackage().getImplementationVersion();
        return new OpenAPI()
                .info(new Info().title("Tributary").version(version == null ? "dev" : version)
                        .description("""
                                A Kafka-style event log over HTTP. It speaks the Confluent REST Proxy API v2 (produce, \
                                consumer instances) and a subset of v3 (cluster and topic admin, produce), so clients \
                                written for those work unchanged. Errors are `{"error_code", "message"}`; the HTTP \
                                status is the error code's first three digits. They come as `application/json` from \
                                the v3 API and to clients that accept only that, else as `application/vnd.kafka.v2+json`.""")
                        .license(new License().name("Apache-2.0")))
                .tags(List.of(
                        new Tag().name("Topics (v2)").description("Topic and partition metadata, Confluent v2"),
                        new Tag().name("Produce (v2)").description("Produce records in the json or binary format"),
                        new Tag().name("Records (extension)").description("Read a partition directly, no consumer group"),
                        new Tag().name("Cluster (v3)").description("The single node's cluster"),
                        new Tag().name("Topics (v3)").description("Create, describe, grow and delete topics"),
                        new Tag().name("Topic configs (v3)").description("Retention, segments, message size"),
                        new Tag().name("Brokers (v3)").description("The one broker, its configs and the replicas it holds"),
                        new Tag().name("Replicas (v3)").description("Partition replicas and replica reassignments"),
                        new Tag().name("Produce (v3)").description("Produce one record or a stream of records")))
                .components(new Components().responses(errorResponses()));
    }

    private static Map<String, ApiResponse> errorResponses() {
        Map<String, ApiResponse> responses = new LinkedHashMap<>();
        responses.put(ApiDocs.BAD_REQUEST, error("Malformed body or parameter (400)",
                Map.of("malformed JSON", example(400, "Malformed JSON in request body: Unexpected end-of-input"),
                        "bad parameter", example(400, "Invalid value 'abc' for parameter 'partition'."),
                        "offset past the end", example(400, "Offset 17 is beyond the end of partition payment-done-0: valid "
                                + "offsets are 0 to 12 (12, the end, waits for the next record)."))));
        responses.put(ApiDocs.BAD_ADMIN_REQUEST, error("Bad admin request (40002): topic exists, invalid partition count or "
                + "replication factor", Map.of(
                "topic exists", example(40002, "Topic 'payment-done' already exists."),
                "partition count", example(40002, "Invalid partition count 0: must be between 1 and 1000 "
                        + "(tributary.topics.max-partitions-per-topic)."),
                "replication factor", example(40002, "Invalid replication factor 3: this single-node cluster only supports 1."))));
        responses.put(ApiDocs.NOT_FOUND, error("Not found: topic (40401), partition (40402), cluster or config (404)", Map.of(
                "topic", example(40401, "Topic 'orders' not found."),
                "partition", example(40402, "Partition 7 of topic 'payment-done' not found; it has 3 partition(s), numbered from 0."),
                "cluster", example(404, "Cluster 'abc' not found; this cluster is 'MkU3OEVBNTcwNTJENDM2Qg'."))));
        responses.put(ApiDocs.NOT_ACCEPTABLE, error("Accept matches no format this endpoint answers in (40601)", Map.of(
                "not acceptable", example(40601, "Cannot answer in the requested media type; supported: "
                        + "[application/vnd.kafka.json.v2+json, application/vnd.kafka.binary.v2+json, application/json]"))));
        responses.put(ApiDocs.TOO_LARGE, error("Request too large (413): body size, records per request, or a record "
                + "above the topic's max.message.bytes", Map.of(
                "body", example(413, "Request body of 20000000 bytes is larger than the limit of 16777216 bytes "
                        + "(tributary.produce.max-request-size)."),
                "record", example(413, "Record 0 takes about 2097237 bytes, more than topic 'payment-done' accepts "
                        + "(max.message.bytes = 1048576)."))));
        responses.put(ApiDocs.UNSUPPORTED_MEDIA_TYPE, error("Unsupported Content-Type (415)", Map.of(
                "no embedded format", example(415, "Unsupported Content-Type application/vnd.kafka.v2+json; supported: "
                        + "[application/vnd.kafka.json.v2+json, application/json, application/vnd.kafka.binary.v2+json]"))));
        responses.put(ApiDocs.UNPROCESSABLE, error("Unprocessable: payload error (42206), a value that cannot be "
                + "converted (42203), a record the topic refuses (42207: no key for a compacted topic), or an "
                + "Idempotency-Key used before for other records (42209)", Map.of(
                "Idempotency-Key reused", example(42209, "Idempotency-Key 'order-42' was already used for another request "
                        + "to topic 'payment-done' (its records are at partition 2, offsets 7 to 7): nothing was appended. "
                        + "Use a new key for new records."),
                "invalid topic name", example(42206, "Invalid topic name '../etc': only ASCII letters, digits, '.', '_' and '-' are allowed."),
                "empty records", example(42206, "No records to produce: 'records' must be a non-empty array."),
                "invalid config", example(42206, "Invalid value 'soon' for retention.ms: not an integer."),
                "no key for a compacted topic", example(42207, "Record 0 has no key, and topic 'user-profiles' is compacted "
                        + "(cleanup.policy=compact keeps the latest record per key): every record needs a key. Nothing of "
                        + "this request was appended."),
                "bad base64", example(42203, "Cannot convert records[0].value from base64: Illegal base64 character 21."),
                "not JSON", example(42203, "The value of the record at offset 3 of t-0 is not valid JSON, so it cannot be "
                        + "returned in the json format; read it in the binary format (Accept: application/vnd.kafka.binary.v2+json)."))));
        responses.put(ApiDocs.TOO_MANY_REQUESTS, error("A limit is reached (42901)", Map.of(
                "waiting fetches", example(42901, "Too many fetches are waiting for records (1000, tributary.fetch.max-waiting-fetches)."),
                "topics", example(42901, "Cannot create topic 'x': the limit of 10000 topics (tributary.topics.max-topics) is reached."))));
        responses.put(ApiDocs.UNAVAILABLE, error("Retriable (50003): the log directory is unavailable, e.g. the disk is "
                + "full; or the service is shutting down and refused the request unprocessed", Map.of(
                "disk full", example(50003, "The log directory is unavailable (No space left on device); retry later."),
                "shutting down", example(50003, JsonErrorReportValve.SHUTTING_DOWN))));
        return responses;
    }

    /** An api.md error response with examples, for the reusable responses here and in the security package. */
    public static ApiResponse error(String description, Map<String, Example> examples) {
        ObjectSchema schema = new ObjectSchema();
        schema.addProperty("error_code", new IntegerSchema().description("HTTP status × 100 + sub-code, or the plain status"));
        schema.addProperty("message", new StringSchema());
        MediaType mediaType = new MediaType().schema(schema).examples(new LinkedHashMap<>(examples));
        // v3 answers and clients accepting only application/json get that type (MediaTypes.ofError); v2 its own
        return new ApiResponse().description(description).content(new Content()
                .addMediaType(MediaTypes.V2_JSON, mediaType)
                .addMediaType("application/json", mediaType));
    }

    public static Example example(int code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error_code", code);
        body.put("message", message);
        return new Example().value(body);
    }
}
