package io.tributary.web;

/**
 * A request failed for a reason the client should see, with its Kafka REST error code. Thrown by services and
 * controllers; turned into {@code {"error_code","message"}} by the single error handler.
 */
public class ApiException extends RuntimeException {

    private final ErrorCode errorCode;

    public ApiException(ErrorCode errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
    }

    public ErrorCode errorCode() {
        return errorCode;
    }
}
