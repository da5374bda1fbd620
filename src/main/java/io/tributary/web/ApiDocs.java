package io.tributary.web;

/**
 * Names of the reusable OpenAPI error responses (registered by {@code OpenApiConfiguration}), so each endpoint
 * references the api.md error body with examples instead of repeating it. 400, 401, 403, 404 (with a path parameter),
 * 429 and 5XX are added to every operation that does not name its own ({@code OpenApiConventions}): an endpoint
 * references only the responses particular to it.
 */
public final class ApiDocs {

    private static final String PREFIX = "#/components/responses/";

    public static final String BAD_REQUEST = "BadRequest";
    public static final String BAD_ADMIN_REQUEST = "BadAdminRequest";
    public static final String NOT_FOUND = "NotFound";
    public static final String NOT_ACCEPTABLE = "NotAcceptable";
    public static final String TOO_LARGE = "RequestTooLarge";
    public static final String UNSUPPORTED_MEDIA_TYPE = "UnsupportedMediaType";
    public static final String UNPROCESSABLE = "Unprocessable";
    public static final String TOO_MANY_REQUESTS = "TooManyRequests";
    public static final String UNAVAILABLE = "Unavailable";
    /** 401, on every operation: only answered with tributary.security.enabled=true. */
    public static final String UNAUTHENTICATED = "Unauthenticated";
    /** 403, on every operation: only answered with tributary.security.enabled=true. */
    public static final String FORBIDDEN = "Forbidden";
    /** 5XX, on every operation: 500 (50002) for a bug, 503 (50003) when retriable. */
    public static final String SERVER_ERROR = "ServerError";

    /** The error body's schema, named as in Confluent's document. */
    public static final String ERROR_SCHEMA = "Error";
    public static final String ERROR_SCHEMA_REF = "#/components/schemas/" + ERROR_SCHEMA;

    public static final String REF_BAD_REQUEST = PREFIX + BAD_REQUEST;
    public static final String REF_BAD_ADMIN_REQUEST = PREFIX + BAD_ADMIN_REQUEST;
    public static final String REF_NOT_FOUND = PREFIX + NOT_FOUND;
    public static final String REF_NOT_ACCEPTABLE = PREFIX + NOT_ACCEPTABLE;
    public static final String REF_TOO_LARGE = PREFIX + TOO_LARGE;
    public static final String REF_UNSUPPORTED_MEDIA_TYPE = PREFIX + UNSUPPORTED_MEDIA_TYPE;
    public static final String REF_UNPROCESSABLE = PREFIX + UNPROCESSABLE;
    public static final String REF_TOO_MANY_REQUESTS = PREFIX + TOO_MANY_REQUESTS;
    public static final String REF_UNAVAILABLE = PREFIX + UNAVAILABLE;

    /** The reference to the shared response {@code name}. */
    public static String ref(String name) {
        return PREFIX + name;
    }

    private ApiDocs() {
    }
}
