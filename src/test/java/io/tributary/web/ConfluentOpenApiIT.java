package io.tributary.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.annotations.Operation;
import io.tributary.support.Http;
import io.tributary.support.HttpTestSupport;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

/**
 * Tributary's OpenAPI document against Confluent's (src/test/resources/confluent/kafka-rest-v3-openapi.yaml), so a
 * client generated from either works against Tributary: every operation of Confluent's is in Tributary's at the same
 * path (under /v3) and method, with Confluent's path and query parameter names, its operationId, at least the status
 * codes it documents, and its body schemas under the same names with the same required properties. Also: every
 * operation has a chosen operationId, errors come in the media types Tributary answers them in, Tributary's additions
 * are marked, and the tags come in Swagger UI's order. OpsIT checks the document's paths and Swagger UI itself.
 */
class ConfluentOpenApiIT extends HttpTestSupport {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlers;

    private Map<String, Object> confluent;
    private JsonNode tributary;

    @BeforeEach
    void documents() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/confluent/kafka-rest-v3-openapi.yaml")) {
            confluent = new Yaml().load(in);
        }
        Http.Response r = http().get("/v3/api-docs");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        tributary = r.json();
    }

    @Test
    void everyConfluentOperationIsTributarysWithItsParametersOperationIdStatusCodesAndSchemas() {
        SoftAssertions soft = new SoftAssertions();
        int compared = 0;
        for (Map.Entry<String, Object> path : map(confluent.get("paths")).entrySet()) {
            Map<String, Object> item = map(path.getValue());
            for (String method : item.keySet().stream().filter(METHODS::contains).toList()) {
                String name = method.toUpperCase() + " " + path.getKey();
                JsonNode mine = tributary.path("paths").path("/v3" + path.getKey()).path(method);
                if (mine.isMissingNode()) {
                    soft.fail(name + " is not in Tributary's document");
                    continue;
                }
                compared++;
                Map<String, Object> operation = map(item.get(method));
                soft.assertThat(parameterNames(mine)).as(name + " parameters")
                        .containsAll(confluentParameterNames(item, operation));
                if (operation.get("operationId") != null) {
                    soft.assertThat(mine.path("operationId").asString()).as(name + " operationId")
                            .isEqualTo(operation.get("operationId"));
                }
                Map<String, Object> responses = map(operation.get("responses"));
                soft.assertThat(mine.path("responses").propertyNames()).as(name + " status codes")
                        .containsAll(responses.keySet());
                responses.forEach((code, response) -> {
                    String schema = confluentSchema(response);
                    if (code.startsWith("2") && schema != null) {
                        soft.assertThat(schemaName(mine.path("responses").path(code))).as(name + " " + code + " schema")
                                .isEqualTo(schema);
                        compareRequired(soft, schema);
                    }
                });
                if (operation.get("requestBody") != null) {
                    String schema = confluentSchema(operation.get("requestBody"));
                    if (schema != null) {
                        soft.assertThat(schemaName(mine.path("requestBody"))).as(name + " request schema").isEqualTo(schema);
                        compareRequired(soft, schema);
                    }
                }
            }
        }
        compareRequired(soft, "Error");
        soft.assertThat(compared).as("operations compared").isGreaterThanOrEqualTo(38);
        soft.assertAll();
    }

    /** compatibility.md's table names each v3 operation's operationId (Tributary's own where Confluent gives none). */
    @Test
    void theCompatibilityTableNamesTheOperationIdsOfTheDocument() throws IOException {
        java.util.regex.Pattern row = java.util.regex.Pattern.compile("^\\| (GET|POST|PUT|PATCH|DELETE) \\| `([^`]+)` \\| `(\\w+)`");
        int rows = 0;
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("docs", "compatibility.md"))) {
            var m = row.matcher(line);
            if (m.find()) {
                rows++;
                assertThat(tributary.path("paths").path("/v3" + m.group(2)).path(m.group(1).toLowerCase())
                        .path("operationId").asString()).as(line).isEqualTo(m.group(3));
            }
        }
        assertThat(rows).as("v3 rows in docs/compatibility.md").isEqualTo(50);
    }

    @Test
    void everyOperationHasAChosenUniqueOperationId() {
        List<String> ids = new ArrayList<>();
        tributary.path("paths").forEach(item -> item.forEach(operation -> ids.add(operation.path("operationId").asString())));
        assertThat(ids).doesNotHaveDuplicates().noneMatch(id -> id.matches(".*_\\d+"));
        // each handler of Tributary's names its operationId: none is springdoc's method-name guess
        handlers.getHandlerMethods().forEach((mapping, handler) -> {
            if (handler.getBeanType().getPackageName().startsWith("io.tributary.web")
                    && handler.getBeanType() != ApiErrorController.class) {
                Operation operation = handler.getMethodAnnotation(Operation.class);
                assertThat(operation).as(handler.toString()).isNotNull();
                assertThat(operation.hidden() || !operation.operationId().isBlank()).as(handler + " operationId").isTrue();
            }
        });
    }

    @Test
    void errorsAreTheErrorSchemaInTheMediaTypesTributaryAnswersThemIn() {
        JsonNode components = tributary.path("components");
        assertThat(components.path("schemas").path("Error").path("required").toString())
                .contains("error_code", "message");
        tributary.path("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            String name = operation.getKey() + " " + path.getKey();
            operation.getValue().path("responses").properties().forEach(response -> {
                if (!response.getKey().startsWith("4") && !response.getKey().startsWith("5")) {
                    return;
                }
                JsonNode body = resolve(response.getValue());
                Set<String> types = new TreeSet<>(body.path("content").propertyNames());
                if (path.getKey().startsWith("/v3/")) {
                    assertThat(types).as(name + " " + response.getKey()).containsExactly("application/json");
                } else {
                    assertThat(types).as(name + " " + response.getKey())
                            .containsExactly("application/json", "application/vnd.kafka.v2+json");
                }
                body.path("content").forEach(media -> assertThat(media.path("schema").path("$ref").asString())
                        .as(name + " " + response.getKey()).isEqualTo("#/components/schemas/Error"));
            });
        }));
    }

    @Test
    void tributarysAdditionsAreMarked() {
        JsonNode paths = tributary.path("paths");
        for (String extension : List.of("/topics/{topic}/partitions/{partition}/records", "/v3/clusters/{cluster_id}/topic-stats",
                "/v3/clusters/{cluster_id}/topic-stats/{topic_name}")) {
            JsonNode operation = paths.path(extension).path("get");
            assertThat(operation.path(OpenApiConventions.EXTENSION).asBoolean()).as(extension).isTrue();
            assertThat(operation.path("description").asString()).as(extension).startsWith("**Tributary extension**");
        }
        assertThat(parameter(paths.path("/v3/clusters/{cluster_id}/topics/{topic_name}/records").path("post"), "Idempotency-Key")
                .path(OpenApiConventions.EXTENSION).asBoolean()).isTrue();
        assertThat(parameter(paths.path("/topics/{topic}").path("post"), "Idempotency-Key")
                .path(OpenApiConventions.EXTENSION).asBoolean()).isTrue();
        // include_authorized_operations is Confluent's on a topic, Tributary's on the cluster and the topic list
        assertThat(parameter(paths.path("/v3/clusters/{cluster_id}/topics/{topic_name}").path("get"),
                "include_authorized_operations").has(OpenApiConventions.EXTENSION)).isFalse();
        assertThat(parameter(paths.path("/v3/clusters/{cluster_id}").path("get"), "include_authorized_operations")
                .path(OpenApiConventions.EXTENSION).asBoolean()).isTrue();
        assertThat(parameter(paths.path("/v3/clusters/{cluster_id}/topics").path("get"), "include_authorized_operations")
                .path(OpenApiConventions.EXTENSION).asBoolean()).isTrue();
        assertThat(paths.path("/topics/{topic}").path("post").path(OpenApiConventions.ADDITIONS).toString())
                .contains("timestamp", "headers");
        JsonNode poll = paths.path("/consumers/{group}/instances/{instance}/records").path("get");
        assertThat(poll.path(OpenApiConventions.ADDITIONS).toString()).contains("text/event-stream");
        assertThat(tributary.path("components").path("schemas").path("ConsumerRecordV2").path("properties")
                .path("timestamp").path(OpenApiConventions.EXTENSION).asBoolean()).isTrue();
        // Confluent's own operations carry no mark
        assertThat(paths.path("/v3/clusters/{cluster_id}/topics").path("get").has(OpenApiConventions.EXTENSION)).isFalse();
    }

    @Test
    void recordsEndpointsListEveryMediaTypeTheyAnswer() {
        JsonNode paths = tributary.path("paths");
        assertThat(paths.path("/consumers/{group}/instances/{instance}/records").path("get").path("responses").path("200")
                .path("content").propertyNames()).containsExactlyInAnyOrder(MediaTypes.JSON_V2_JSON, MediaTypes.BINARY_V2_JSON,
                "text/event-stream");
        assertThat(paths.path("/topics/{topic}/partitions/{partition}/records").path("get").path("responses").path("200")
                .path("content").propertyNames()).containsExactlyInAnyOrder(MediaTypes.JSON_V2_JSON, MediaTypes.BINARY_V2_JSON);
        // success statuses as the handlers answer
        assertThat(paths.path("/v3/clusters/{cluster_id}/topics").path("post").path("responses").has("201")).isTrue();
        assertThat(paths.path("/v3/clusters/{cluster_id}/topics/{topic_name}").path("delete").path("responses").has("204")).isTrue();
    }

    @Test
    void tagsComeInSwaggerUisOrder() {
        List<String> tags = new ArrayList<>();
        tributary.path("tags").forEach(tag -> tags.add(tag.path("name").asString()));
        assertThat(tags).containsSubsequence("Cluster (v3)", "Brokers (v3)", "Topics (v3)", "Topic configs (v3)",
                "Replicas (v3)", "Produce (v3)", "Consumer groups (v3)", "Topics (v2)", "Produce (v2)", "Consumers (v2)",
                "Records (extension)", "Topic statistics (extension)", "Actuator");
        Set<String> used = new HashSet<>();
        tributary.path("paths").forEach(item -> item.forEach(operation -> operation.path("tags")
                .forEach(tag -> used.add(tag.asString()))));
        assertThat(tags).containsExactlyInAnyOrderElementsOf(used);
        // Swagger UI keeps that order (no tagsSorter) and sorts operations within a tag by path
        JsonNode ui = http().get("/v3/api-docs/swagger-config").json();
        assertThat(ui.has("tagsSorter")).as(ui.toString()).isFalse();
        assertThat(ui.path("operationsSorter").asString()).isEqualTo("alpha");
    }

    // ---- Confluent's document

    private Set<String> confluentParameterNames(Map<String, Object> item, Map<String, Object> operation) {
        Set<String> names = new TreeSet<>();
        for (Object list : new Object[] {item.get("parameters"), operation.get("parameters")}) {
            if (list instanceof List<?> parameters) {
                for (Object parameter : parameters) {
                    Map<String, Object> resolved = confluentResolve(map(parameter));
                    if (Set.of("path", "query").contains(resolved.get("in"))) {
                        names.add((String) resolved.get("name"));
                    }
                }
            }
        }
        return names;
    }

    /** The schema name of a response or request body (application/json), through Confluent's $refs. */
    private String confluentSchema(Object responseOrBody) {
        Map<String, Object> resolved = confluentResolve(map(responseOrBody));
        Object content = resolved.get("content");
        if (content == null || map(content).get("application/json") == null) {
            return null;
        }
        Object ref = map(map(map(content).get("application/json")).get("schema")).get("$ref");
        return ref == null ? null : ((String) ref).substring(((String) ref).lastIndexOf('/') + 1);
    }

    /** Confluent's required properties of a schema, with those of its allOf parts. */
    private Set<String> confluentRequired(String schema) {
        return required(map(map(map(confluent.get("components")).get("schemas")).get(schema)));
    }

    private Set<String> required(Map<String, Object> schema) {
        Set<String> required = new TreeSet<>();
        if (schema.get("$ref") instanceof String ref) {
            return confluentRequired(ref.substring(ref.lastIndexOf('/') + 1));
        }
        if (schema.get("required") instanceof List<?> names) {
            names.forEach(n -> required.add((String) n));
        }
        if (schema.get("allOf") instanceof List<?> parts) {
            parts.forEach(part -> required.addAll(required(map(part))));
        }
        return required;
    }

    private Map<String, Object> confluentResolve(Map<String, Object> node) {
        Object ref = node.get("$ref");
        if (ref == null) {
            return node;
        }
        String[] parts = ((String) ref).substring(2).split("/");
        Map<String, Object> target = confluent;
        for (String part : parts) {
            target = map(target.get(part));
        }
        return confluentResolve(target);
    }

    // ---- Tributary's document

    private void compareRequired(SoftAssertions soft, String schema) {
        Set<String> mine = new TreeSet<>();
        tributary.path("components").path("schemas").path(schema).path("required").forEach(n -> mine.add(n.asString()));
        soft.assertThat(mine).as(schema + " required properties").isEqualTo(confluentRequired(schema));
    }

    private String schemaName(JsonNode responseOrBody) {
        String ref = resolve(responseOrBody).path("content").path("application/json").path("schema").path("$ref").asString("");
        return ref.substring(ref.lastIndexOf('/') + 1);
    }

    private JsonNode resolve(JsonNode node) {
        String ref = node.path("$ref").asString("");
        if (ref.isEmpty()) {
            return node;
        }
        JsonNode target = tributary;
        for (String part : ref.substring(2).split("/")) {
            target = target.path(part);
        }
        return target;
    }

    private static Set<String> parameterNames(JsonNode operation) {
        Set<String> names = new TreeSet<>();
        operation.path("parameters").forEach(p -> names.add(p.path("name").asString()));
        return names;
    }

    private static JsonNode parameter(JsonNode operation, String name) {
        for (JsonNode parameter : operation.path("parameters")) {
            if (parameter.path("name").asString().equals(name)) {
                return parameter;
            }
        }
        throw new AssertionError("no parameter " + name + " in " + operation);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        return node instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
    }
}
