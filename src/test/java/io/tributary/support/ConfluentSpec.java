package io.tributary.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

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
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Checks an answer to a {@code /v3/...} request against Confluent's own OpenAPI document
 * ({@code src/test/resources/confluent/kafka-rest-v3-openapi.yaml}): the operation its method and path match, a status
 * the operation declares (or its {@code 5XX} range, or {@code default}), a Content-Type the spec declares for that
 * answer, and the body valid against the answer's schema (OpenAPI 3.0's dialect: {@code $ref}s into the document,
 * {@code nullable}, {@code allOf}, formats asserted). A streamed produce answer (several JSON objects in one body) is
 * checked object by object. Paths the document does not have (Tributary's own, such as {@code topic-stats}) and
 * methods it does not declare for a path are not checked.
 *
 * <p>{@link Http} runs every answer through {@link #check}, so a test that meets an answer Confluent's clients would
 * not accept fails with the operation, status, JSON pointer and schema rule. Where Tributary deliberately answers
 * otherwise, the one exception is an entry of {@link #ALLOWANCES}, which names the paragraph of docs/compatibility.md
 * that says why. The document is parsed once per JVM, its schemas compiled once each, on first use.
 */
public final class ConfluentSpec {

    /** The document's name in the schema registry, which resolves the {@code $ref}s against it. */
    private static final String DOCUMENT = "https://tributary.invalid/confluent/kafka-rest-v3-openapi.json";
    /** Confluent's servers are {@code .../v3}; its paths start after that. */
    private static final String PREFIX = "/v3";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String JSON_TYPE = "application/json";
    private static final String JSON_NOT_DECLARED = "Content-Type application/json is not declared";

    /**
     * Every deliberate difference between Tributary's answers and Confluent's document, one entry each, each naming
     * the docs/compatibility.md paragraph that explains it. The validator stays strict everywhere else: a violation
     * that no entry matches fails the test.
     */
    static final List<Allowance> ALLOWANCES = List.of(
            // Error statuses the document leaves out. Its operations declare 400/401/403/429/5XX (and 404 only on the
            // topic paths), while Confluent's server answers more, as Tributary does: the answer's body is still
            // checked against the document's Error schema (error_code and message, application/json).
            new Allowance("404 for an unknown cluster, broker, group, consumer or config on any operation (Confluent too)",
                    v -> v.rule() == Rule.STATUS && v.status() == 404,
                    "docs/compatibility.md#what-holds-for-every-v3-answer"),
            new Allowance("406 for an Accept the operation cannot answer, 415 for a request body's unsupported "
                    + "Content-Type (Confluent's Jersey answers both, the document declares 415 for produce only)",
                    v -> v.rule() == Rule.STATUS && (v.status() == 406 || v.status() == 415),
                    "docs/compatibility.md#what-holds-for-every-v3-answer"),
            new Allowance("422 (42206) for an invalid request body: a topic name, a config value, a missing or mistyped "
                    + "field (Confluent answers 422/42206 for some, 400/40002 for config values it passes to Kafka)",
                    v -> v.rule() == Rule.STATUS && v.status() == 422,
                    "docs/compatibility.md#what-holds-for-every-v3-answer"),
            new Allowance("429 (42901, a topic or partition limit) as a JSON Error, where the document's 429 is the "
                    + "HTML page of Jetty's DoSFilter",
                    v -> v.rule() == Rule.CONTENT_TYPE && v.status() == 429 && v.message().startsWith(JSON_NOT_DECLARED),
                    "docs/compatibility.md#what-holds-for-every-v3-answer"));

    private final JsonNode document;
    private final List<Operation> operations;
    private final SchemaRegistry schemas;
    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

    private ConfluentSpec(JsonNode document) {
        this.document = document;
        this.operations = Operation.all(document);
        // the registry resolves the $refs in this parsed (and corrected) copy, never in the file itself;
        // x-extensible-enum lists known values of an open set (Confluent's key and value types): not a constraint
        this.schemas = SchemaRegistry.withDialect(Dialect.builder(Dialects.getOpenApi30())
                        .keyword(new NonValidationKeyword("x-extensible-enum")).build(),
                builder -> builder.schemas(Map.of(DOCUMENT, JSON.writeValueAsString(document)))
                        .schemaRegistryConfig(SchemaRegistryConfig.builder()
                                .formatAssertionsEnabled(true).pathType(PathType.JSON_POINTER).build()));
    }

    private static final class Holder {
        static final ConfluentSpec SPEC = load();
    }

    /** The document, parsed on first use and kept for the JVM's life. */
    public static ConfluentSpec get() {
        return Holder.SPEC;
    }

    private static ConfluentSpec load() {
        try (InputStream in = ConfluentSpec.class.getResourceAsStream("/confluent/kafka-rest-v3-openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("Confluent's OpenAPI document is not on the test classpath");
            }
            return new ConfluentSpec(corrected(YAMLMapper.builder().build().readTree(in)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The document with its one typing mistake corrected: {@code PartitionWithOffsetsData} types
     * {@code earliest_offset} and {@code latest_offset} as {@code type: int64}, which is no JSON Schema type (so no
     * value would validate); Confluent's server answers them as integers, and the generated client reads them so
     * (pom.xml maps int64 to Long). Every such {@code type} becomes {@code integer} with that {@code format}.
     */
    static JsonNode corrected(JsonNode node) {
        if (node instanceof ObjectNode object) {
            JsonNode type = object.get("type");
            if (type != null && type.isString() && (type.asString().equals("int64") || type.asString().equals("int32"))) {
                object.put("format", type.asString()).put("type", "integer");
            }
        }
        node.forEach(ConfluentSpec::corrected);
        return node;
    }

    /**
     * Fails (AssertionError) when this answer breaks Confluent's document and no {@link #ALLOWANCES allowance}
     * covers it; answers to requests outside the document pass unchecked.
     */
    public static void check(String method, URI uri, int status, String contentType, String body) {
        List<Violation> violations = get().violations(method, uri.getRawPath(), status, contentType, body).stream()
                .filter(v -> ALLOWANCES.stream().noneMatch(a -> a.covers(v)))
                .toList();
        if (!violations.isEmpty()) {
            StringBuilder message = new StringBuilder("answer breaks Confluent's v3 OpenAPI document: ")
                    .append(method).append(' ').append(uri).append(" -> ").append(status).append(' ').append(contentType);
            violations.forEach(v -> message.append("\n  ").append(v));
            message.append("\n  body: ").append(body.length() > 2000 ? body.substring(0, 2000) + "..." : body);
            throw new AssertionError(message.toString());
        }
    }

    /** The operation of Confluent's document that {@code method} on {@code rawPath} is, if any. */
    public Optional<Operation> operation(String method, String rawPath) {
        if (!rawPath.startsWith(PREFIX + "/")) {
            return Optional.empty();
        }
        List<String> segments = Operation.segments(rawPath.substring(PREFIX.length()));
        // a literal segment beats a parameter: /topics/-/configs is listKafkaAllTopicConfigs, not a topic named "-"
        return operations.stream()
                .filter(op -> op.method().equalsIgnoreCase(method) && op.matches(segments))
                .max((a, b) -> Integer.compare(a.literals(), b.literals()));
    }

    /** What in this answer breaks the document (allowances not applied); empty for requests outside it. */
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
            // an error status the operation leaves out: every error answer of the document is an Error in JSON
            answer = "/components/responses/NotFoundErrorResponse";
        }
        JsonNode content = document.at(answer).path("content");
        if (content.isEmpty()) {
            if (body != null && !body.isBlank()) {
                violations.add(new Violation(op.name(), status, "", Rule.CONTENT_TYPE,
                        "the answer declares no body, but one came as " + contentType));
            }
            return violations;
        }
        String mediaType = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        JsonNode media = content.get(mediaType);
        if (media == null) {
            violations.add(new Violation(op.name(), status, "", Rule.CONTENT_TYPE, (mediaType.equals(JSON_TYPE)
                    ? JSON_NOT_DECLARED : "Content-Type " + contentType + " is not declared")
                    + "; the answer declares " + content.propertyNames()));
            if (status < 400 || !mediaType.equals(JSON_TYPE)) {
                return violations;
            }
            // a JSON error where the document has another type: still an Error
            answer = "/components/responses/NotFoundErrorResponse";
            media = document.at(answer).path("content").get(JSON_TYPE);
        }
        if (!media.has("schema") || !mediaType.endsWith("json")) {
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

    private Schema schema(String pointer) {
        return compiled.computeIfAbsent(pointer, p -> {
            // the path templates' braces are not allowed in a URI fragment
            Schema s = schemas.getSchema(SchemaLocation.of(DOCUMENT + "#" + p.replace("{", "%7B").replace("}", "%7D")));
            s.initializeValidators();
            return s;
        });
    }

    /** The body's top-level JSON values, in order; null when it is not JSON. */
    private static List<JsonNode> jsonValues(String body) {
        List<JsonNode> values = new ArrayList<>();
        try (MappingIterator<JsonNode> it = JSON.readerFor(JsonNode.class).readValues(body)) {
            while (it.hasNextValue()) {
                values.add(it.nextValue());
            }
            return values;
        } catch (JacksonException e) {
            return null;
        }
    }

    /** A JSON pointer token: {@code ~} and {@code /} escaped. */
    static String escape(String token) {
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

    /** A deliberate difference: which violations it lets through, and the docs/compatibility.md paragraph on it. */
    record Allowance(String what, Predicate<Violation> matches, String documentedIn) {
        boolean covers(Violation v) {
            return matches.test(v);
        }
    }

    /**
     * An operation of the document: method, path template, its name (operationId, or the summary where the document
     * gives none) and where each declared response is in the document (a JSON pointer), by status.
     */
    public record Operation(String method, String path, String name, List<String> template, Map<String, String> responses) {

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
                    Map<String, String> responses = new LinkedHashMap<>();
                    for (Map.Entry<String, JsonNode> r : o.get("responses").properties()) {
                        responses.put(r.getKey(), r.getValue().has("$ref")
                                ? r.getValue().get("$ref").asString().substring(1)
                                : "/paths/" + escape(path.getKey()) + "/" + op.getKey() + "/responses/" + escape(r.getKey()));
                    }
                    all.add(new Operation(op.getKey().toUpperCase(Locale.ROOT), path.getKey(), name, segments(path.getKey()),
                            Map.copyOf(responses)));
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
        Optional<String> response(int status) {
            return Optional.ofNullable(responses.get(Integer.toString(status)))
                    .or(() -> Optional.ofNullable(responses.get(status / 100 + "XX")))
                    .or(() -> Optional.ofNullable(responses.get("default")));
        }

        List<String> statuses() {
            return responses.keySet().stream().sorted().toList();
        }
    }
}
