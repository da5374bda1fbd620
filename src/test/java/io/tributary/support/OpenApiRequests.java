package io.tributary.support;

import io.tributary.support.OpenApiDocument.Operation;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Requests made from an OpenAPI document's operations: path parameters that name things that exist (or hostile values),
 * query and header parameters and request bodies made from their schemas, valid or with invalid, boundary, empty,
 * huge or wrongly typed parts. The API fuzzer sends many random ones; the authorization matrix sends valid ones
 * naming a principal's own and another principal's resources. Deterministic for a given {@link Random}.
 */
public final class OpenApiRequests {

    /** A request to send: method, path with its query string (encoded), headers, body (null: none). */
    public record Request(String method, String pathAndQuery, Map<String, String> headers, byte[] body) {
        @Override
        public String toString() {
            String text = body == null ? "" : new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
            return method + " " + pathAndQuery + " " + headers + (body == null ? "" : " (" + body.length + " bytes) " + text);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Path segments that reach no resource, or try to escape one: each must be answered with a 4xx and an error. */
    private static final List<String> HOSTILE_SEGMENTS = List.of("no-such-thing", "-", "*", "%2e%2e", "%2F", "a%2Fb",
            "%00", "%FF", "%C3%A9", "%25", "a%20b", "-1", "2147483648", "99999999999999999999", "NaN", "0x10", "%3Cscript%3E",
            "a;b", "x".repeat(300), "__consumer_offsets", "_internal", "%7B%7D");
    private static final List<String> HOSTILE_STRINGS = List.of("", " ", "-1", "0", "abc", "true", "null", "1e309",
            "9223372036854775808", "-9223372036854775809", "\u0000", "\uD83D\uDE00", "../../etc/passwd", "%", "x".repeat(5000),
            "2147483648", "1.5", "[]", "{}");
    /** Query parameters whose big values would make a request wait (long polls): kept short. */
    private static final List<String> WAITING = List.of("timeout", "max_wait", "wait");
    private static final List<String> WRONG_TYPES = List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
            "application/json; charset=ISO-8859-1", "application/vnd.kafka.avro.v2+json", "multipart/form-data; boundary=x",
            "application/*", "nonsense");

    private final OpenApiDocument document;
    private final Map<String, List<String>> known;
    private final long maxBody;

    /**
     * @param known   values that name existing things, by path parameter name ({@code topic_name}, {@code group}, ...)
     * @param maxBody the service's request size limit: huge bodies go just above it
     */
    public OpenApiRequests(OpenApiDocument document, Map<String, List<String>> known, long maxBody) {
        this.document = document;
        this.known = known;
        this.maxBody = maxBody;
    }

    /**
     * The values that name existing things, under each name Tributary's paths and bodies give them (v3's
     * {@code topic_name}, {@code partition_id}, {@code consumer_group_id}, {@code consumer_id}; v2's {@code topic},
     * {@code partition}, {@code group}, {@code instance}): the {@code known} argument of the constructor.
     */
    public static Map<String, List<String>> names(String cluster, List<String> brokers, String topic, List<String> partitions,
                                                  String group, List<String> instances, List<String> configs) {
        Map<String, List<String>> names = new LinkedHashMap<>();
        names.put("cluster_id", List.of(cluster));
        names.put("broker_id", List.copyOf(brokers));
        for (String name : List.of("topic_name", "topic")) {
            names.put(name, List.of(topic));
        }
        for (String name : List.of("partition_id", "partition")) {
            names.put(name, List.copyOf(partitions));
        }
        for (String name : List.of("consumer_group_id", "group")) {
            names.put(name, List.of(group));
        }
        for (String name : List.of("instance", "consumer_id")) {
            names.put(name, List.copyOf(instances));
        }
        names.put("name", List.copyOf(configs));
        return names;
    }

    /** A request the operation should accept, its path parameters taken from {@code path} (else from the known ones). */
    public Request valid(Operation op, Map<String, String> path, Random random) {
        return build(op, path, random, false);
    }

    /** A random request for the operation: mostly valid parts, some hostile. */
    public Request fuzzed(Operation op, Random random) {
        return build(op, Map.of(), random, true);
    }

    private Request build(Operation op, Map<String, String> pathValues, Random r, boolean hostile) {
        JsonNode operation = document.json().at(op.pointer());
        JsonNode pathItem = document.json().at(op.pointer().substring(0, op.pointer().lastIndexOf('/')));
        List<JsonNode> parameters = new ArrayList<>();
        pathItem.path("parameters").forEach(p -> parameters.add(resolve(p)));
        operation.path("parameters").forEach(p -> parameters.add(resolve(p)));

        String path = op.path();
        StringBuilder query = new StringBuilder();
        Map<String, String> headers = new LinkedHashMap<>();
        for (JsonNode p : parameters) {
            String name = p.path("name").asString();
            String in = p.path("in").asString();
            switch (in) {
                case "path" -> {
                    String value = pathValues.containsKey(name) ? encode(pathValues.get(name))
                            : hostile && r.nextInt(5) == 0 ? pick(r, HOSTILE_SEGMENTS) : encode(knownValue(name, r));
                    path = path.replace("{" + name + "}", value);
                }
                case "query" -> {
                    // a valid request names what it is about: filters (an ACL's principal) are never left out
                    boolean send = p.path("required").asBoolean(false) || (!hostile && known.containsKey(name))
                            || r.nextBoolean();
                    if (hostile && r.nextInt(8) == 0) {
                        send = !send; // a required one left out, or an optional one sent
                    }
                    if (send) {
                        String value = WAITING.contains(name) ? (hostile ? pick(r, List.of("0", "1", "-1", "x", "")) : "0")
                                : hostile && r.nextInt(4) == 0 ? pick(r, HOSTILE_STRINGS)
                                : scalar(resolve(p.path("schema")), name, r);
                        query.append(query.isEmpty() ? '?' : '&').append(encode(name)).append('=').append(encode(value));
                    }
                }
                case "header" -> {
                    if (p.path("required").asBoolean(false) || r.nextInt(3) == 0) {
                        String value = hostile && r.nextInt(3) == 0 ? headerSafe(pick(r, HOSTILE_STRINGS))
                                : headerSafe(scalar(resolve(p.path("schema")), name, r));
                        if (!value.isEmpty()) {
                            headers.put(name, value);
                        }
                    }
                }
                default -> {
                    // cookies: none in the document
                }
            }
        }
        if (hostile && r.nextInt(20) == 0) {
            query.append(query.isEmpty() ? '?' : '&').append("unknown_parameter=").append(encode(pick(r, HOSTILE_STRINGS)));
        }
        if (hostile && r.nextInt(30) == 0) {
            headers.put("Accept", pick(r, List.of("text/html", "application/xml", "image/png", "application/vnd.kafka.v2+json")));
        }
        byte[] body = null;
        JsonNode content = resolve(operation.path("requestBody")).path("content");
        if (!content.isEmpty()) {
            List<String> types = new ArrayList<>(content.propertyNames());
            String type = pick(r, types);
            JsonNode value = value(resolve(content.path(type).path("schema")), r, 0, hostile);
            body = JSON.writeValueAsBytes(value);
            if (hostile) {
                switch (r.nextInt(24)) {
                    case 0 -> type = pick(r, WRONG_TYPES);
                    case 1 -> type = null;
                    case 2 -> body = new byte[0];
                    case 3 -> body = huge(maxBody + 1 + r.nextInt(1024));
                    case 4 -> body = huge(maxBody / 2);
                    case 5 -> body = pick(r, List.of("{", "[", "null", "\"x\"", "{\"a\":", "{}{}", "[1,2]", "\u0000", "1e99999"))
                            .getBytes(StandardCharsets.UTF_8);
                    case 6 -> body = new byte[] {(byte) 0xC3, (byte) 0x28, '{', '}'};
                    default -> {
                        // the body as made
                    }
                }
            }
            if (type != null) {
                headers.put("Content-Type", type);
            }
        } else if (hostile && r.nextInt(20) == 0) {
            body = "{\"unexpected\":true}".getBytes(StandardCharsets.UTF_8);
            headers.put("Content-Type", "application/json");
        }
        return new Request(op.method(), path + query, headers, body);
    }

    private String knownValue(String name, Random r) {
        List<String> values = known.get(name);
        return values == null || values.isEmpty() ? "unknown-" + name : pick(r, values);
    }

    /** A JSON value of {@code schema}; with {@code hostile}, a part now and then of the wrong type or out of bounds. */
    JsonNode value(JsonNode schema, Random r, int depth, boolean hostile) {
        if (hostile && r.nextInt(25) == 0) {
            return pick(r, List.<JsonNode>of(NODES.nullNode(), NODES.stringNode(""), NODES.numberNode(-1),
                    NODES.numberNode(Long.MAX_VALUE), NODES.numberNode(new java.math.BigInteger("99999999999999999999999")),
                    NODES.booleanNode(true), NODES.arrayNode(), NODES.objectNode(), NODES.stringNode("x".repeat(2000)),
                    NODES.numberNode(1.5), NODES.stringNode("\u0000\uD83D\uDE00")));
        }
        schema = resolve(schema);
        if (schema.has("allOf")) {
            ObjectNode merged = NODES.objectNode();
            for (JsonNode part : schema.get("allOf")) {
                JsonNode v = value(part, r, depth, hostile);
                if (v instanceof ObjectNode o) {
                    merged.setAll(o);
                }
            }
            return merged;
        }
        for (String choice : List.of("oneOf", "anyOf")) {
            if (schema.has(choice) && !schema.get(choice).isEmpty()) {
                return value(schema.get(choice).get(r.nextInt(schema.get(choice).size())), r, depth, hostile);
            }
        }
        if (schema.has("enum") && !schema.get("enum").isEmpty()) {
            return schema.get("enum").get(r.nextInt(schema.get("enum").size()));
        }
        if (schema.has("const")) {
            return schema.get("const");
        }
        String type = type(schema);
        if (depth > 6) {
            return NODES.nullNode();
        }
        switch (type) {
            case "object" -> {
                ObjectNode object = NODES.objectNode();
                List<String> required = new ArrayList<>();
                schema.path("required").forEach(n -> required.add(n.asString()));
                for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
                    boolean include = required.contains(property.getKey()) ? !(hostile && r.nextInt(15) == 0) : r.nextBoolean();
                    if (include && !property.getValue().path("readOnly").asBoolean(false)) {
                        object.set(property.getKey(), property(property.getKey(), property.getValue(), r, depth, hostile));
                    }
                }
                return object;
            }
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                int min = schema.path("minItems").asInt(0);
                int n = Math.max(min, r.nextInt(4));
                for (int i = 0; i < n; i++) {
                    array.add(value(schema.path("items"), r, depth + 1, hostile));
                }
                return array;
            }
            case "integer" -> {
                long min = schema.has("minimum") ? schema.get("minimum").asLong() : 0;
                long max = schema.has("maximum") ? schema.get("maximum").asLong() : min + 10;
                if (hostile && r.nextInt(6) == 0) {
                    return NODES.numberNode(pick(r, List.of(min - 1, max + 1, min, max, (long) Integer.MAX_VALUE + 1)));
                }
                return NODES.numberNode(min + (long) (r.nextDouble() * Math.min(max - min, 1000)));
            }
            case "number" -> {
                return NODES.numberNode(r.nextDouble() * 100);
            }
            case "boolean" -> {
                return NODES.booleanNode(r.nextBoolean());
            }
            case "null" -> {
                return NODES.nullNode();
            }
            default -> {
                return NODES.stringNode(scalar(schema, "", r));
            }
        }
    }

    /** A property of a body: names the document's bodies share get values that name existing things. */
    private JsonNode property(String name, JsonNode schema, Random r, int depth, boolean hostile) {
        if (known.containsKey(name) && !(hostile && r.nextInt(6) == 0) && "string".equals(type(resolve(schema)))) {
            return NODES.stringNode(knownValue(name, r));
        }
        return value(schema, r, depth + 1, hostile);
    }

    /** A value for a parameter of this schema, as text. */
    private String scalar(JsonNode schema, String name, Random r) {
        if (known.containsKey(name)) {
            return knownValue(name, r);
        }
        if (schema.has("enum") && !schema.get("enum").isEmpty()) {
            return schema.get("enum").get(r.nextInt(schema.get("enum").size())).asString();
        }
        return switch (type(schema)) {
            case "integer" -> Long.toString((schema.has("minimum") ? schema.get("minimum").asLong() : 0) + r.nextInt(5));
            case "number" -> Double.toString(r.nextDouble());
            case "boolean" -> Boolean.toString(r.nextBoolean());
            default -> switch (schema.path("format").asString()) {
                case "date-time" -> java.time.Instant.ofEpochMilli(1_700_000_000_000L + r.nextInt(1_000_000)).toString();
                case "byte" -> java.util.Base64.getEncoder().encodeToString(("fuzz-" + r.nextInt(100)).getBytes(StandardCharsets.UTF_8));
                default -> "fuzz-" + Integer.toString(r.nextInt(1_000_000), 36);
            };
        };
    }

    /** The schema's type: the first that is not null when it names several (3.1); a guess from its keywords otherwise. */
    private static String type(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (!t.asString().equals("null")) {
                    return t.asString();
                }
            }
            return "null";
        }
        if (type.isString()) {
            return type.asString();
        }
        return schema.has("properties") ? "object" : schema.has("items") ? "array" : "string";
    }

    /** A node of the document with its {@code $ref} followed (parameters, bodies, schemas). */
    private JsonNode resolve(JsonNode node) {
        for (int i = 0; i < 10 && node.has("$ref") && node.get("$ref").asString().startsWith("#"); i++) {
            node = document.json().at(node.get("$ref").asString().substring(1));
        }
        return node;
    }

    private static byte[] huge(long size) {
        StringBuilder b = new StringBuilder((int) size + 16).append("{\"value\":\"");
        while (b.length() < size - 2) {
            b.append('x');
        }
        return b.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String headerSafe(String value) {
        StringBuilder b = new StringBuilder();
        value.chars().filter(c -> c >= 0x20 && c < 0x7f).forEach(c -> b.append((char) c));
        return b.toString().trim();
    }

    /** Percent-encoded for a path segment or a query value (a space as %20). */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static <T> T pick(Random r, List<T> values) {
        return values.get(r.nextInt(values.size()));
    }
}
