package io.tributary.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import com.networknt.schema.path.PathType;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.json.JsonMapper;

/**
 * An OpenAPI document (3.0 or 3.1) as a checker of answers: the operation a method and path match, a status the
 * operation declares (or its range such as {@code 5XX}, or {@code default}), a Content-Type the document declares for
 * that answer, and the body valid against the answer's schema (the document's own dialect: {@code $ref}s into the
 * document, {@code nullable} in 3.0, formats asserted). A streamed produce answer (several JSON objects in one body)
 * is checked object by object. {@link ConfluentSpec} checks every v3 answer against Confluent's document with it;
 * the API fuzzer against the document Tributary serves itself ({@code /v3/api-docs}). Schemas are compiled once each,
 * on first use.
 */
public final class OpenApiDocument {

    public static final String JSON_TYPE = "application/json";
    static final String JSON_NOT_DECLARED = "Content-Type application/json is not declared";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JsonNode document;
    private final String uri;
    private final String prefix;
    private final String undeclaredErrorResponse;
    private final List<Operation> operations;
    private final SchemaRegistry schemas;
    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

    /**
     * @param document                the parsed document (never changed here)
     * @param uri                     its name in the schema registry, which resolves the {@code $ref}s against it
     * @param prefix                  what request paths start with before the document's paths ({@code /v3} for
     *                                Confluent's, whose server is {@code .../v3}; empty for Tributary's)
     * @param undeclaredErrorResponse a JSON pointer to the response an error status that an operation does not declare
     *                                is still checked against (every error body of a document is one schema)
     */
    public OpenApiDocument(JsonNode document, String uri, String prefix, String undeclaredErrorResponse) {
        this.document = document;
        this.uri = uri;
        this.prefix = prefix;
        this.undeclaredErrorResponse = undeclaredErrorResponse;
        this.operations = Operation.all(document);
        boolean v31 = document.path("openapi").asString().startsWith("3.1");
        // x-extensible-enum lists known values of an open set (Confluent's key and value types): not a constraint
        this.schemas = SchemaRegistry.withDialect(Dialect.builder(v31 ? Dialects.getOpenApi31() : Dialects.getOpenApi30())
                        .keyword(new NonValidationKeyword("x-extensible-enum")).build(),
                builder -> builder.schemas(Map.of(uri, JSON.writeValueAsString(document)))
                        .schemaRegistryConfig(SchemaRegistryConfig.builder()
                                .formatAssertionsEnabled(true).pathType(PathType.JSON_POINTER).build()));
    }

    /**
     * The document the service at {@code http} serves ({@code /v3/api-docs}), as every client reads it; an error
     * status an operation does not declare is still checked against its shared BadRequest response (the Error schema).
     * A copy is left in target/tributary-api-docs.json, to read when a check fails.
     */
    public static OpenApiDocument servedBy(Http http) {
        Http.Response r = http.get("/v3/api-docs");
        if (r.status() != 200) {
            throw new AssertionError("/v3/api-docs answered " + r);
        }
        try {
            Files.writeString(Path.of("target", "tributary-api-docs.json"), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new OpenApiDocument(r.json(), "https://tributary.invalid/v3/api-docs", "", "/components/responses/BadRequest");
    }

    /** The document itself. */
    public JsonNode json() {
        return document;
    }

    /** Every operation of the document, in its order. */
    public List<Operation> operations() {
        return operations;
    }

    /** The operation of the document that {@code method} on {@code rawPath} is, if any. */
    public Optional<Operation> operation(String method, String rawPath) {
        if (!rawPath.startsWith(prefix + "/")) {
            return Optional.empty();
        }
        List<String> segments = Operation.segments(rawPath.substring(prefix.length()));
        // a literal segment beats a parameter: /topics/-/configs is listKafkaAllTopicConfigs, not a topic named "-"
        return operations.stream()
                .filter(op -> op.method().equalsIgnoreCase(method) && op.matches(segments))
                .max((a, b) -> Integer.compare(a.literals(), b.literals()));
    }

    /** What in this answer breaks the document; empty for requests outside it. */
    public List<Violation> violations(String method, String rawPath, int status, String contentType, String body) {
        Optional<Operation> found = operation(method, rawPath);
        if (found.isEmpty()) {
            return List.of();
        }
        Operation op = found.get();
        List<Violation> violations = new ArrayList<>();
        String answer = op.response(status).orElse(null);
        if (answer == null) {
            violations.add(new Violation(op.name(), status, "", Rule.STATUS,
                    "status " + status + " is not declared; the operation declares " + op.statuses()));
            if (status < 400) {
                return violations;
            }
            answer = undeclaredErrorResponse;
        }
        JsonNode content = document.at(answer).path("content");
        if (content.isEmpty()) {
            if (body != null && !body.isBlank()) {
                violations.add(new Violation(op.name(), status, "", Rule.CONTENT_TYPE,
                        "the answer declares no body, but one came as " + contentType));
            }
            return violations;
        }
        String mediaType = baseType(contentType);
        JsonNode media = content.get(mediaType);
        if (media == null) {
            // a type declared with its parameters (Prometheus' text/plain;version=0.0.4;charset=utf-8)
            for (Map.Entry<String, JsonNode> declared : content.properties()) {
                if (baseType(declared.getKey()).equals(mediaType) && media == null) {
                    media = declared.getValue();
                }
            }
        }
        if (media == null) {
            violations.add(new Violation(op.name(), status, "", Rule.CONTENT_TYPE, (mediaType.equals(JSON_TYPE)
                    ? JSON_NOT_DECLARED : "Content-Type " + contentType + " is not declared")
                    + "; the answer declares " + content.propertyNames()));
            if (status < 400 || !mediaType.equals(JSON_TYPE)) {
                return violations;
            }
            // a JSON error where the document has another type: still an error body
            answer = undeclaredErrorResponse;
            media = document.at(answer).path("content").get(JSON_TYPE);
        }
        if (media == null || !media.has("schema") || !mediaType.endsWith("json")) {
            return violations;
        }
        Schema schema = schema(answer + "/content/" + escape(mediaType) + "/schema");
        List<JsonNode> values = jsonValues(body);
        if (values == null) {
            violations.add(new Violation(op.name(), status, "", Rule.BODY, "the body is not JSON"));
            return violations;
        }
        // several objects in one body: only a streamed produce answers so, one delivery report per record
        boolean stream = op.name().equals("produceRecord") && !values.isEmpty();
        if (values.size() != 1 && !stream) {
            violations.add(new Violation(op.name(), status, "", Rule.BODY, values.size() + " JSON values in the body"));
        }
        for (int i = 0; i < values.size(); i++) {
            String which = values.size() == 1 ? "" : "(object " + i + ")";
            for (Error e : schema.validate(values.get(i))) {
                violations.add(new Violation(op.name(), status, which + e.getInstanceLocation(), Rule.SCHEMA,
                        e.getKeyword() + ": " + e.getMessage() + " (schema " + e.getSchemaLocation().getFragment() + ")"));
            }
        }
        return violations;
    }

    /** The schema at this JSON pointer into the document, compiled once. */
    public Schema schema(String pointer) {
        return compiled.computeIfAbsent(pointer, p -> {
            // the path templates' braces are not allowed in a URI fragment
            Schema s = schemas.getSchema(SchemaLocation.of(uri + "#" + p.replace("{", "%7B").replace("}", "%7D")));
            s.initializeValidators();
            return s;
        });
    }

    /** The media type without its parameters, lower case; empty for none. */
    private static String baseType(String contentType) {
        return contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
    }

    /** The body's top-level JSON values, in order; null when it is not JSON. */
    private static List<JsonNode> jsonValues(String body) {
        List<JsonNode> values = new ArrayList<>();
        // from a parser of its own: given the text, readValues would take a top-level array for a stream of its items
        try (MappingIterator<JsonNode> it = JSON.readerFor(JsonNode.class).readValues(JSON.createParser(body))) {
            while (it.hasNextValue()) {
                values.add(it.nextValue());
            }
            return values;
        } catch (JacksonException e) {
            return null;
        }
    }

    /** A JSON pointer token: {@code ~} and {@code /} escaped. */
    public static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    /** What kind of rule an answer broke. */
    public enum Rule {
        /** a status the operation does not declare */
        STATUS,
        /** a Content-Type (or a body) the answer does not declare */
        CONTENT_TYPE,
        /** a body that is not one JSON value (several only in a streamed produce answer) */
        BODY,
        /** the body breaks the answer's schema; the message names the keyword and the schema's place */
        SCHEMA
    }

    /** One way an answer breaks the document: the operation, the status, where in the body (a JSON pointer), what. */
    public record Violation(String operation, int status, String pointer, Rule rule, String message) {
        @Override
        public String toString() {
            return operation + " " + status + " " + rule + " at '" + pointer + "': " + message;
        }
    }

    /**
     * An operation of the document: method, path template, its name (operationId, or the summary where the document
     * gives none), where each declared response is in the document (a JSON pointer) by status, and where the
     * operation itself is (a JSON pointer: its parameters and request body are under it).
     */
    public record Operation(String method, String path, String name, List<String> template, Map<String, String> responses,
                            String pointer) {

        private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options");

        static List<Operation> all(JsonNode document) {
            List<Operation> all = new ArrayList<>();
            for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
                for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                    if (!METHODS.contains(op.getKey())) {
                        continue; // path-level parameters, x- extensions
                    }
                    JsonNode o = op.getValue();
                    String name = o.has("operationId") ? o.get("operationId").asString() : o.path("summary").asString();
                    String pointer = "/paths/" + escape(path.getKey()) + "/" + op.getKey();
                    Map<String, String> responses = new LinkedHashMap<>();
                    for (Map.Entry<String, JsonNode> r : o.get("responses").properties()) {
                        responses.put(r.getKey(), r.getValue().has("$ref")
                                ? r.getValue().get("$ref").asString().substring(1)
                                : pointer + "/responses/" + escape(r.getKey()));
                    }
                    all.add(new Operation(op.getKey().toUpperCase(Locale.ROOT), path.getKey(), name, segments(path.getKey()),
                            Map.copyOf(responses), pointer));
                }
            }
            return List.copyOf(all);
        }

        static List<String> segments(String path) {
            return List.of(path.replaceAll("^/+", "").split("/", -1));
        }

        boolean matches(List<String> segments) {
            if (segments.size() != template.size()) {
                return false;
            }
            for (int i = 0; i < segments.size(); i++) {
                String t = template.get(i);
                boolean parameter = t.startsWith("{") && t.endsWith("}");
                if (parameter ? segments.get(i).isEmpty() : !t.equals(segments.get(i))) {
                    return false;
                }
            }
            return true;
        }

        int literals() {
            return (int) template.stream().filter(t -> !t.startsWith("{")).count();
        }

        /** Where the response declared for this status is: exact, else its range ({@code 5XX}), else {@code default}. */
        public Optional<String> response(int status) {
            return Optional.ofNullable(responses.get(Integer.toString(status)))
                    .or(() -> Optional.ofNullable(responses.get(status / 100 + "XX")))
                    .or(() -> Optional.ofNullable(responses.get("default")));
        }

        public List<String> statuses() {
            return responses.keySet().stream().sorted().toList();
        }
    }
}
