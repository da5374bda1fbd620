package io.tributary.web;

/**
 * The error codes of the Kafka REST conventions (Confluent REST Proxy). The HTTP status is the code's first three
 * digits, except for 50003 (see {@link #httpStatus()}); see {@code ../shared/api.md}.
 */
public enum ErrorCode {
    BAD_REQUEST(400),
    BAD_ADMIN_REQUEST(40002),
    UNAUTHENTICATED(40101),
    FORBIDDEN(40301),
    NOT_FOUND(404),
    TOPIC_NOT_FOUND(40401),
    PARTITION_NOT_FOUND(40402),
    CONSUMER_INSTANCE_NOT_FOUND(40403),
    CONSUMER_GROUP_NOT_FOUND(40405),
    METHOD_NOT_ALLOWED(405),
    NOT_ACCEPTABLE(40601),
    SUBSCRIPTION_CONFLICT(40901),
    CONSUMER_ALREADY_EXISTS(40902),
    ILLEGAL_STATE(40903),
    REQUEST_TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    VALUE_CONVERSION(42203),
    INVALID_CONSUMER_CONFIG(42204),
    INVALID_PAYLOAD(42206),
    /** Tributary's: a record the topic refuses (Kafka's INVALID_RECORD), e.g. one without a key to a compacted topic. */
    INVALID_RECORD(42207),
    /** Confluent's: a produce batch that is empty or too long, or whose entry ids are not distinct strings of 1 to 80. */
    INVALID_BATCH(42208),
    /** An Idempotency-Key sent again with other records. */
    IDEMPOTENCY_KEY_REUSED(42209),
    TOO_MANY_REQUESTS(42901),
    INTERNAL(50002),
    RETRIABLE(50003);

    private final int code;

    ErrorCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** @throws IllegalArgumentException for a code not in this list */
    public static ErrorCode of(int code) {
        for (ErrorCode c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        throw new IllegalArgumentException("Unknown error code " + code);
    }

    /** The code for an HTTP status with no finer reason known, or null when api.md has none for it. */
    public static ErrorCode forStatus(int status) {
        return switch (status) {
            case 400 -> BAD_REQUEST;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 413 -> REQUEST_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 429 -> TOO_MANY_REQUESTS;
            case 500 -> INTERNAL;
            default -> null;
        };
    }

    /** The HTTP status: the code's first three digits, except 50003: retriable, so 503 as api.md lists it (Confluent says 500). */
    public int httpStatus() {
        return this == RETRIABLE ? 503 : code < 1000 ? code : code / 100;
    }
}
