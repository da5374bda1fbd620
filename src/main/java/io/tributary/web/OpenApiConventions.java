package io.tributary.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.tags.Tag;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocAnnotationsUtils;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.method.HandlerMethod;

/**
 * What every operation of the OpenAPI document follows, applied here once instead of on every handler: the error
 * responses Confluent documents on each operation (400, 401, 403, 404 with a path parameter, 429, 5XX) with
 * {@code {"error_code","message"}} bodies in the media types Tributary really answers errors in
 * ({@link MediaTypes#ofError}: application/json for v3, the v2 type and application/json for v2); success responses
 * that give only examples get the handler's return type as their schema; bodies of Confluent's operations appear
 * under Confluent's schema names ({@link ConfluentSchemas}); Tributary's additions are marked
 * ({@link TributaryExtension}); and the tags come in the order Swagger UI shows them.
 */
final class OpenApiConventions {

    /** On operations and parameters Tributary adds to Confluent's API. */
    static final String EXTENSION = "x-tributary-extension";
    /** On Confluent's operations to which Tributary adds fields, media types or behaviour: what it adds. */
    static final String ADDITIONS = "x-tributary-additions";
    static final String EXTENSION_NOTE = "**Tributary extension** (not in Confluent's REST Proxy). ";
    /** A header of Tributary's wherever it appears (produce v2 and v3, and any produce operation to come). */
    private static final Set<String> EXTENSION_HEADERS = Set.of("Idempotency-Key");
    private static final String V3_SUFFIX = "V3";
    private static final String CONSUMER_INSTANCE = "/consumers/{group}/instances/{instance}/";
    private static final String APPLICATION_JSON = org.springframework.http.MediaType.APPLICATION_JSON_VALUE;

    /** Schemas of the success bodies found by {@link #operations()}, added to the document's components after. */
    private final Map<String, Schema<?>> returnTypeSchemas = new ConcurrentHashMap<>();
    private final List<Tag> tags;

    /** @param tags the tags in the order Swagger UI is to show them (it keeps the document's order) */
    OpenApiConventions(List<Tag> tags) {
        this.tags = List.copyOf(tags);
    }

    /** Per handler: success schemas from the return type, and the extension marks. */
    OperationCustomizer operations() {
        return (operation, handler) -> {
            fillSuccessSchemas(operation, handler);
            markExtensions(operation, handler);
            return operation;
        };
    }

    /** On the whole document, after every operation is built. */
    OpenApiCustomizer document() {
        return openApi -> {
            Components components = openApi.getComponents();
            returnTypeSchemas.forEach((name, schema) -> {
                Schema<?> declared = components.getSchemas() == null ? null : components.getSchemas().get(name);
                if (declared == null) {
                    components.addSchemas(name, schema);
                } else if (!declared.equals(schema)) {
                    throw new IllegalStateException("Two types are both named '" + name + "' in the OpenAPI document");
                }
            });
            components.addSchemas(ApiDocs.ERROR_SCHEMA, ConfluentSchemas.error());
            components.getSchemas().values().forEach(OpenApiConventions::optionalMayBeNull);
            openApi.getPaths().forEach((path, item) -> item.readOperations().forEach(operation -> {
                markExtensionHeaders(operation);
                requestSchemas(operation);
                errorResponses(components, path, operation);
            }));
            ConfluentSchemas.rename(openApi);
            ConfluentSchemas.dropUnused(openApi);
            orderTags(openApi);
        };
    }

    // ---- success schemas

    private void fillSuccessSchemas(Operation operation, HandlerMethod handler) {
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        if (operation.getResponses().keySet().stream().noneMatch(code -> code.startsWith("2"))) {
            successResponse(operation, handler); // springdoc adds none when the class declares error responses only
        }
        List<MediaType> missing = new ArrayList<>();
        operation.getResponses().forEach((code, response) -> {
            if (code.startsWith("2") && response.getContent() != null) {
                response.getContent().forEach((type, media) -> {
                    if (media.getSchema() == null && !type.startsWith("text/")) {
                        missing.add(media);
                    }
                });
            }
        });
        if (missing.isEmpty()) {
            return;
        }
        Type body = bodyType(handler.getReturnType());
        if (body == null) {
            return;
        }
        Components found = new Components();
        Schema<?> schema = SpringDocAnnotationsUtils.extractSchema(found, body, null, null, SpecVersion.V31);
        if (schema != null) {
            if (found.getSchemas() != null) {
                found.getSchemas().forEach(this::remember);
            }
            missing.forEach(media -> media.setSchema(schema));
        }
    }

    /**
     * A request body's media types that give only examples (the v2 consumer bodies' {@code vnd.kafka.v2+json}) get
     * the schema another of its media types has: the handler reads each into the same type. Without it a generated
     * client or a fuzzer has no shape for the v2 type (ApiFuzzIT and AuthorizationMatrixIT sent strings).
     */
    private static void requestSchemas(Operation operation) {
        if (operation.getRequestBody() == null || operation.getRequestBody().getContent() == null) {
            return;
        }
        Content content = operation.getRequestBody().getContent();
        content.values().stream().map(MediaType::getSchema).filter(java.util.Objects::nonNull).findFirst()
                .ifPresent(schema -> content.values().stream().filter(media -> media.getSchema() == null)
                        .forEach(media -> media.setSchema(schema)));
    }

    /** The response a handler gives when it succeeds, in each media type it produces, its schema filled in below. */
    private static void successResponse(Operation operation, HandlerMethod handler) {
        ResponseStatus status = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), ResponseStatus.class);
        RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequestMapping.class);
        ApiResponse success = new ApiResponse().description("OK");
        if (bodyType(handler.getReturnType()) != null) {
            Content content = new Content();
            List<String> produces = mapping == null || mapping.produces().length == 0
                    ? List.of(APPLICATION_JSON) : List.of(mapping.produces());
            produces.forEach(type -> content.addMediaType(type, new MediaType()));
            success.setContent(content);
        }
        operation.getResponses().addApiResponse(String.valueOf(status == null ? 200 : status.code().value()), success);
    }

    /** Two types of one simple name would share one schema: refused, so a test finds it (give one a @Schema name). */
    private void remember(String name, Schema<?> schema) {
        Schema<?> earlier = returnTypeSchemas.putIfAbsent(name, schema);
        if (earlier != null && !earlier.equals(schema)) {
            throw new IllegalStateException("Two response types are both named '" + name + "' in the OpenAPI document");
        }
    }

    /** The body a handler answers: its return type without ResponseEntity and CompletableFuture; null for none. */
    private static Type bodyType(MethodParameter returnType) {
        ResolvableType type = ResolvableType.forMethodParameter(returnType);
        while (HttpEntity.class.isAssignableFrom(type.toClass()) || CompletionStage.class.isAssignableFrom(type.toClass())) {
            type = type.getGeneric(0);
        }
        Class<?> raw = type.toClass();
        return raw == void.class || raw == Void.class || raw == Object.class ? null : type.getType();
    }

    // ---- extension marks

    private static void markExtensions(Operation operation, HandlerMethod handler) {
        TributaryExtension mark = handler.getMethodAnnotation(TributaryExtension.class);
        if (mark == null) {
            mark = handler.getBeanType().getAnnotation(TributaryExtension.class);
        }
        if (mark != null && mark.additions().length == 0) {
            operation.addExtension(EXTENSION, true);
            operation.setDescription(EXTENSION_NOTE + nonNull(operation.getDescription()));
        } else if (mark != null) {
            operation.addExtension(ADDITIONS, List.of(mark.additions()));
            operation.setDescription(nonNull(operation.getDescription()) + "\n\n**Tributary extensions** (not in "
                    + "Confluent's REST Proxy): " + String.join("; ", mark.additions()) + ".");
        }
        for (MethodParameter parameter : handler.getMethodParameters()) {
            if (parameter.hasParameterAnnotation(TributaryExtension.class)) {
                String name = parameterName(parameter);
                if (operation.getParameters() != null) {
                    operation.getParameters().stream().filter(p -> p.getName().equals(name)).forEach(OpenApiConventions::mark);
                }
            }
        }
    }

    private static void markExtensionHeaders(Operation operation) {
        if (operation.getParameters() != null) {
            operation.getParameters().stream()
                    .filter(p -> "header".equals(p.getIn()) && EXTENSION_HEADERS.contains(p.getName()))
                    .filter(p -> p.getExtensions() == null || !p.getExtensions().containsKey(EXTENSION))
                    .forEach(OpenApiConventions::mark);
        }
    }

    private static void mark(Parameter parameter) {
        parameter.addExtension(EXTENSION, true);
        parameter.setDescription(EXTENSION_NOTE + nonNull(parameter.getDescription()));
    }

    private static String parameterName(MethodParameter parameter) {
        RequestParam query = parameter.getParameterAnnotation(RequestParam.class);
        if (query != null && !query.name().isEmpty()) {
            return query.name();
        }
        RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
        if (header != null && !header.name().isEmpty()) {
            return header.name();
        }
        PathVariable path = parameter.getParameterAnnotation(PathVariable.class);
        if (path != null && !path.name().isEmpty()) {
            return path.name();
        }
        return parameter.getParameterName();
    }

    private static String nonNull(String text) {
        return text == null ? "" : text;
    }

    // ---- error responses

    /**
     * Adds the error responses every operation can give, as Confluent documents them on each of its operations, gives
     * every error response the error body, and points v3 operations at copies of the shared responses that name
     * application/json only.
     */
    private static void errorResponses(Components components, String path, Operation operation) {
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        Map<String, String> everywhere = new LinkedHashMap<>();
        everywhere.put("400", ApiDocs.BAD_REQUEST);
        everywhere.put("401", ApiDocs.UNAUTHENTICATED);
        everywhere.put("403", ApiDocs.FORBIDDEN);
        if (path.contains("{")) {
            everywhere.put("404", ApiDocs.NOT_FOUND); // an unknown topic, partition, group, instance or cluster
        }
        // an Accept the operation cannot answer; a body too large, in a type it does not read, or not the schema
        // (Confluent's Jersey answers these too; ApiFuzzIT found them undeclared)
        everywhere.put("406", ApiDocs.NOT_ACCEPTABLE);
        if (operation.getRequestBody() != null) {
            everywhere.put("413", ApiDocs.TOO_LARGE);
            everywhere.put("415", ApiDocs.UNSUPPORTED_MEDIA_TYPE);
        }
        if (operation.getRequestBody() != null || path.contains("{topic_name}") || path.contains("{topic}")
                || path.endsWith("/records")) { // a record the json format cannot answer (42203), found by ApiFuzzIT
            everywhere.put("422", ApiDocs.UNPROCESSABLE); // an invalid body, or an invalid topic name in the path
        }
        everywhere.put("429", ApiDocs.TOO_MANY_REQUESTS);
        if (path.startsWith(CONSUMER_INSTANCE) && !responses.containsKey("409")) {
            // subscribed and assigned at once, a seek or commit of a partition it does not own (409xx)
            responses.addApiResponse("409", new ApiResponse().description("The consumer instance's state forbids it: "
                    + "topics subscribed and partitions assigned are exclusive; a partition it does not own."));
        }
        everywhere.put("5XX", ApiDocs.SERVER_ERROR);
        everywhere.forEach((code, name) -> {
            if (!responses.containsKey(code)) {
                responses.addApiResponse(code, new ApiResponse().$ref(ApiDocs.ref(name)));
            }
        });
        boolean v3 = path.startsWith("/v3/");
        responses.forEach((code, response) -> {
            if (!isError(code)) {
                return;
            }
            if (response.get$ref() == null) {
                response.setContent(errorContent(v3));
            } else if (v3) {
                response.set$ref(ApiDocs.ref(v3Copy(components, name(response.get$ref()))));
            }
        });
        ApiResponses sorted = new ApiResponses();
        responses.entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
                .forEach(e -> sorted.addApiResponse(e.getKey(), e.getValue()));
        operation.setResponses(sorted);
    }

    private static boolean isError(String code) {
        return code.startsWith("4") || code.startsWith("5");
    }

    /** The error body in the media types Tributary answers errors in ({@link MediaTypes#ofError}). */
    static Content errorContent(boolean v3) {
        MediaType body = new MediaType().schema(new Schema<>().$ref(ApiDocs.ERROR_SCHEMA_REF));
        Content content = new Content();
        if (!v3) {
            content.addMediaType(MediaTypes.V2_JSON, body);
        }
        return content.addMediaType(APPLICATION_JSON, body);
    }

    /** The shared response {@code name} as v3 operations give it: application/json only. */
    private static String v3Copy(Components components, String name) {
        if (name.endsWith(V3_SUFFIX)) {
            return name;
        }
        String copyName = name + V3_SUFFIX;
        ApiResponse shared = components.getResponses() == null ? null : components.getResponses().get(name);
        if (shared == null) {
            return name; // not one of Tributary's shared error responses
        }
        if (!components.getResponses().containsKey(copyName)) {
            Content json = new Content();
            if (shared.getContent() != null && shared.getContent().get(APPLICATION_JSON) != null) {
                json.addMediaType(APPLICATION_JSON, shared.getContent().get(APPLICATION_JSON));
            } else {
                json = errorContent(true);
            }
            components.addResponses(copyName, new ApiResponse().description(shared.getDescription()).content(json));
        }
        return copyName;
    }

    private static String name(String ref) {
        return ref.substring(ref.lastIndexOf('/') + 1);
    }

    // ---- null values

    /**
     * A property a schema does not require may also be null: the service writes a Java null as JSON null (the
     * {@code next} link of a list's last page, a broker without a rack, a partition never written), as Confluent's
     * document says with {@code nullable}. OpenAPI 3.1 says it with the type {@code null} (ApiFuzzIT found answers
     * that broke the document here).
     */
    private static void optionalMayBeNull(Schema<?> schema) {
        if (schema.getProperties() == null) {
            return;
        }
        List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
        schema.getProperties().forEach((name, property) -> {
            if (required.contains(name) || property.get$ref() != null) {
                return;
            }
            Set<String> types = new LinkedHashSet<>();
            if (property.getTypes() != null) {
                types.addAll(property.getTypes());
            } else if (property.getType() != null) {
                types.add(property.getType());
            }
            if (!types.isEmpty() && !types.contains("null") && !types.contains("array") && !types.contains("object")) {
                types.add("null");
                property.setTypes(types);
            }
        });
    }

    // ---- tags

    /** The tags operations use, in the configured order; a tag no operation uses is left out, one not configured last. */
    private void orderTags(OpenAPI openApi) {
        Set<String> used = new LinkedHashSet<>();
        openApi.getPaths().values().forEach(item -> item.readOperations().forEach(operation -> {
            if (operation.getTags() != null) {
                used.addAll(operation.getTags());
            }
        }));
        Map<String, Tag> ordered = new LinkedHashMap<>();
        tags.stream().filter(tag -> used.contains(tag.getName())).forEach(tag -> ordered.put(tag.getName(), tag));
        Map<String, Tag> declared = new LinkedHashMap<>();
        if (openApi.getTags() != null) {
            openApi.getTags().forEach(tag -> declared.put(tag.getName(), tag));
        }
        used.forEach(name -> ordered.computeIfAbsent(name, n -> declared.getOrDefault(n, new Tag().name(n))));
        openApi.setTags(new ArrayList<>(ordered.values()));
    }
}
