package io.tributary.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.tags.Tag;
import io.tributary.topic.ClusterIdentity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document's title, description, tags and the shared error responses, and the conventions every operation
 * follows ({@link OpenApiConventions}). Swagger UI: /swagger-ui.html; docs/compatibility.md.
 */
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

    /**
     * The tags in the order Swagger UI shows them (it keeps the document's order; application.yml sets no tagsSorter):
     * v3 admin, v3 produce, v3 consumer groups, v2, then Tributary's own additions.
     */
    static final List<Tag> TAGS = List.of(
            new Tag().name("Cluster (v3)").description("The cluster this node belongs to"),
            new Tag().name("Brokers (v3)").description("The brokers, their configs and the replicas each holds"),
            new Tag().name("Topics (v3)").description("Create, describe, grow and delete topics; their partitions"),
            new Tag().name("Topic configs (v3)").description("Retention, segments, message size"),
            new Tag().name("Replicas (v3)").description("Partition replicas and replica reassignments"),
            new Tag().name("ACLs (v3)").description("Access control lists"),
            new Tag().name("Produce (v3)").description("Produce one record or a stream of records"),
            new Tag().name("Consumer groups (v3)").description("Groups, their consumers, assignments and lags"),
            new Tag().name("Topics (v2)").description("Topic and partition metadata, Confluent v2"),
            new Tag().name("Produce (v2)").description("Produce records in the json or binary format"),
            new Tag().name("Consumers (v2)").description("Consumer instances in consumer groups: subscribe, poll (long "
                    + "poll or server-sent events), commit"),
            new Tag().name("Records (extension)").description("Tributary extension: read a partition directly, no "
                    + "consumer group"),
            new Tag().name("Topic statistics (extension)").description("Tributary extension: what each topic holds"),
            new Tag().name("Actuator").description("Operations: health, info, metrics (those exposed: "
                    + "management.endpoints.web.exposure.include)"));

    /** The conventions every operation follows (error responses, schemas, extension marks, tag order). */
    @Bean
    OpenApiConventions openApiConventions() {
        return new OpenApiConventions(TAGS);
    }

    @Bean
    public OperationCustomizer operationConventions(OpenApiConventions conventions) {
        return conventions.operations();
    }

    @Bean
    public OpenApiCustomizer documentConventions(OpenApiConventions conventions) {
        return conventions.document();
    }

    @Bean
    public OpenAPI tributaryOpenApi() {
        String version = OpenApiConfiguration.class.getPackage().getImplementationVersion();
        return new OpenAPI()
                .info(new Info().title("Tributary").version(version == null ? "dev" : version)
                        .description("""
                                A Kafka-style event log over HTTP. It speaks the Confluent REST Proxy API v2 (produce, \
                                consumer instances) and v3 (cluster, broker and topic admin, consumer groups, produce), \
                                so clients written for those work unchanged: v3 operations have Confluent's paths, \
                                parameter names, operationIds, status codes and schema names (TopicData, ...). What \
                                Tributary adds is marked `x-tributary-extension: true` (a whole operation or parameter) \
                                or `x-tributary-additions` (what it adds to one of Confluent's operations). Errors are \
                                `{"error_code", "message"}` (schema `Error`); the HTTP status is the error code's first \
                                three digits. They come as `application/json` from the v3 API and to clients that \
                                accept only that, else as `application/vnd.kafka.v2+json`. 401 and 403 are answered \
                                only with `tributary.security.enabled=true`.""")
                        .license(new License().name("Apache-2.0")))
                .tags(TAGS)
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
        responses.put(ApiDocs.UNAUTHENTICATED, error("No or wrong credentials (40101); only with security on", Map.of(
                "no credentials", example(40101, "Authentication required: send HTTP Basic credentials or an API key "
                        + "(X-API-Key or Authorization: Bearer)."))));
        responses.put(ApiDocs.FORBIDDEN, error("The principal's ACLs do not allow it (40301); only with security on",
                Map.of("acl", example(40301, "Principal 'payments' is not allowed to produce on topic 'orders'."))));
        responses.put(ApiDocs.SERVER_ERROR, error("Server error: a bug (500, error_code 50002), or retriable (503, "
                + "50003): the log directory is unavailable, e.g. the disk is full; the offsets database could not "
                + "store a commit durably (not acknowledged); the service is shutting down and refused the request "
                + "unprocessed; over Kafka, the brokers did not answer in time", Map.of(
                "internal", example(50002, "Internal server error."),
                "disk full", example(50003, "The log directory is unavailable (No space left on device); retry later."),
                "shutting down", example(50003, JsonErrorReportValve.SHUTTING_DOWN))));
        responses.put(ApiDocs.UNAVAILABLE, error("Retriable (50003): the log directory is unavailable, e.g. the disk is "
                + "full; the offsets database could not store a commit durably (not acknowledged); or the service is "
                + "shutting down and refused the request unprocessed", Map.of(
                "disk full", example(50003, "The log directory is unavailable (No space left on device); retry later."),
                "commit not durable", example(50003, "The offsets database is unavailable (storage failure: the offset "
                        + "commit could not be written to stable storage (IO Exception: Input/output error); it was not "
                        + "acknowledged and may or may not be stored); retry later."),
                "shutting down", example(50003, JsonErrorReportValve.SHUTTING_DOWN))));
        return responses;
    }

    /**
     * An api.md error response with examples, in both media types errors come in (v3 operations refer to a copy with
     * application/json only: OpenApiConventions).
     */
    public static ApiResponse error(String description, Map<String, Example> examples) {
        MediaType mediaType = new MediaType().schema(new Schema<>().$ref(ApiDocs.ERROR_SCHEMA_REF))
                .examples(new LinkedHashMap<>(examples));
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
