package io.tributary.support;

import io.tributary.support.OpenApiDocument.Operation;
import io.tributary.support.OpenApiDocument.Rule;
import io.tributary.support.OpenApiDocument.Violation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Checks an answer to a {@code /v3/...} request against Confluent's own OpenAPI document
 * ({@code src/test/resources/confluent/kafka-rest-v3-openapi.yaml}): the operation its method and path match, a status
 * the operation declares (or its {@code 5XX} range, or {@code default}), a Content-Type the spec declares for that
 * answer, and the body valid against the answer's schema (OpenAPI 3.0's dialect: {@code $ref}s into the document,
 * {@code nullable}, {@code allOf}, formats asserted). A streamed produce answer (several JSON objects in one body) is
 * checked object by object. Paths the document does not have (Tributary's own, such as {@code topic-stats}) and
 * methods it does not declare for a path are not checked. The checking itself is {@link OpenApiDocument}'s, which
 * ApiFuzzIT and AuthorizationMatrixIT point at Tributary's own document; this class adds Confluent's document and
 * the allowances.
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
                    v -> v.rule() == Rule.CONTENT_TYPE && v.status() == 429 && v.message().startsWith(OpenApiDocument.JSON_NOT_DECLARED),
                    "docs/compatibility.md#what-holds-for-every-v3-answer"));

    private final OpenApiDocument document;

    private ConfluentSpec(JsonNode document) {
        // the registry resolves the $refs in this parsed (and corrected) copy, never in the file itself; an error
        // status an operation leaves out is still an Error in JSON, as every error answer of the document
        this.document = new OpenApiDocument(document, DOCUMENT, PREFIX, "/components/responses/NotFoundErrorResponse");
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
        return document.operation(method, rawPath);
    }

    /** What in this answer breaks the document (allowances not applied); empty for requests outside it. */
    public List<Violation> violations(String method, String rawPath, int status, String contentType, String body) {
        return document.violations(method, rawPath, status, contentType, body);
    }

    /** A deliberate difference: which violations it lets through, and the docs/compatibility.md paragraph on it. */
    record Allowance(String what, Predicate<Violation> matches, String documentedIn) {
        boolean covers(Violation v) {
            return matches.test(v);
        }
    }
}
