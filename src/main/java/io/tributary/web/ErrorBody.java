package io.tributary.web;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The error body of the Kafka REST conventions. */
public record ErrorBody(@JsonProperty("error_code") int errorCode, String message) {

    public static ErrorBody of(ErrorCode code, String message) {
        return new ErrorBody(code.code(), message);
    }
}
