package io.tributary.web;

import io.tributary.common.errors.TributaryException;

import jakarta.servlet.http.HttpServletRequest;

import org.apache.catalina.connector.ClientAbortException;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;

/**
 * The one place where exceptions become HTTP answers: {@code {"error_code","message"}} with the status the code
 * implies, in the media type {@link MediaTypes#ofError} picks for the request. Messages never carry stack traces or
 * file paths.
 */
@RestControllerAdvice
public class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    public static ResponseEntity<ErrorBody> respond(HttpServletRequest request, ErrorCode code, String message) {
        return answer(request, code.httpStatus(), ErrorBody.of(code, message));
    }

    /** For an HTTP status without a finer cause: its Kafka REST code where there is one, else the plain status. */
    public static ResponseEntity<ErrorBody> respond(HttpServletRequest request, int status, String message) {
        ErrorCode code = ErrorCode.forStatus(status);
        return code != null ? respond(request, code, message) : answer(request, status, new ErrorBody(status, message));
    }

    /** A translated body with the status its code implies. */
    static ResponseEntity<ErrorBody> respond(HttpServletRequest request, ErrorBody body) {
        return respond(request, ErrorCode.of(body.errorCode()), body.message());
    }

    private static ResponseEntity<ErrorBody> answer(HttpServletRequest request, int status, ErrorBody body) {
        return ResponseEntity.status(status).contentType(MediaTypes.ofError(request)).body(body);
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ErrorBody> api(ApiException e, HttpServletRequest request) {
        return respond(request, e.errorCode(), e.getMessage());
    }

    @ExceptionHandler(TributaryException.class)
    ResponseEntity<ErrorBody> domain(TributaryException e, HttpServletRequest request) {
        return respond(request, ErrorTranslator.toBody(e));
    }

    @ExceptionHandler(JacksonException.class)
    ResponseEntity<ErrorBody> json(JacksonException e, HttpServletRequest request) {
        return respond(request, ErrorTranslator.jsonError(e));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ErrorBody> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof ApiException api) {
                return api(api, request); // the request size limit, hit while the body was read
            }
            if (t instanceof JacksonException json) {
                return json(json, request);
            }
        }
        return respond(request, ErrorCode.BAD_REQUEST, "Malformed request body: " + ErrorTranslator.rootMessage(e));
    }

    /** Tomcat could not decode the query string (bad %-escapes, invalid UTF-8) or it has too many parameters. */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ErrorBody> badQueryString(InvalidParameterException e, HttpServletRequest request) {
        int status = e.getErrorCode() >= 400 && e.getErrorCode() < 500 ? e.getErrorCode() : 400;
        return respond(request, status, "Malformed query string: " + firstSentence(e.getMessage()));
    }

    @ExceptionHandler({MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class})
    ResponseEntity<ErrorBody> badParameter(Exception e, HttpServletRequest request) {
        return respond(request, ErrorCode.BAD_REQUEST, e instanceof MethodArgumentTypeMismatchException m
                ? "Invalid value '" + m.getValue() + "' for parameter '" + m.getName() + "'."
                : e.getMessage());
    }

    @ExceptionHandler({MethodArgumentNotValidException.class, HandlerMethodValidationException.class})
    ResponseEntity<ErrorBody> invalid(Exception e, HttpServletRequest request) {
        return respond(request, ErrorCode.INVALID_PAYLOAD, e.getMessage());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ErrorBody> unsupportedMediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        return respond(request, ErrorCode.UNSUPPORTED_MEDIA_TYPE, (e.getContentType() == null
                ? "Missing or unreadable Content-Type"
                : "Unsupported Content-Type " + e.getContentType()) + "; supported: " + e.getSupportedMediaTypes());
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ErrorBody> notAcceptable(HttpMediaTypeNotAcceptableException e, HttpServletRequest request) {
        return respond(request, ErrorCode.NOT_ACCEPTABLE, "Cannot answer in the requested media type; supported: "
                + e.getSupportedMediaTypes());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ErrorBody> methodNotAllowed(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        return respond(request, ErrorCode.METHOD_NOT_ALLOWED, e.getMessage());
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ErrorBody> noResource(NoResourceFoundException e, HttpServletRequest request) {
        return respond(request, ErrorCode.NOT_FOUND, "No endpoint " + e.getHttpMethod() + " /" + e.getResourcePath());
    }

    /**
     * The connection to the client failed while reading its body: it stopped sending (past
     * {@code server.tomcat.connection-timeout}) or went away. An answer rarely reaches it, and a stalling client must
     * not fill the log with stack traces. (When Jackson was parsing, {@link #json} answers it.)
     */
    @ExceptionHandler(ClientAbortException.class)
    ResponseEntity<ErrorBody> clientGone(ClientAbortException e, HttpServletRequest request) {
        log.debug("Client stalled or gone while sending its request: {}", ErrorTranslator.rootMessage(e));
        return respond(request, ErrorCode.BAD_REQUEST, "The request body did not arrive in time.");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ErrorBody> unexpected(Exception e, HttpServletRequest request) {
        if (e instanceof ErrorResponse response && response.getStatusCode().is4xxClientError()) {
            // the framework's own client errors (actuator parameters, async request states, ...)
            HttpStatus status = HttpStatus.resolve(response.getStatusCode().value());
            String detail = response.getBody().getDetail();
            return respond(request, response.getStatusCode().value(), detail != null ? detail
                    : status != null ? status.getReasonPhrase() + "." : "Client error.");
        }
        if (e instanceof IllegalArgumentException && isWildcardContentType(request)) {
            return respond(request, ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type " + request.getContentType()
                    + " names no one media type: a request body's type cannot be a wildcard.");
        }
        if (isHealthEndpointPathBug(e)) {
            return respond(request, ErrorCode.NOT_FOUND, "No such health component.");
        }
        log.error("Unexpected error", e);
        return respond(request, ErrorCode.INTERNAL, "Internal server error.");
    }

    /**
     * A request body declared as {@code application/*} or {@code *}{@code /*}: Spring's {@code HttpHeaders} asserts
     * (IllegalArgumentException) instead of refusing it when a handler reads the body, which only happens for a
     * handler that accepts any Content-Type (the v2 committed-offsets GET, whose body is optional). Found by ApiFuzzIT.
     */
    private static boolean isWildcardContentType(HttpServletRequest request) {
        try {
            return request.getContentType() != null
                    && org.springframework.http.MediaType.parseMediaType(request.getContentType()).isWildcardSubtype();
        } catch (org.springframework.util.InvalidMimeTypeException e) {
            return false;
        }
    }

    /**
     * Spring Boot 4.1's health endpoint asserts instead of answering 404 for a nested path under an unknown
     * component ({@code /actuator/health/a/b}): its contributor walk does not stop at the first missing one.
     */
    private static boolean isHealthEndpointPathBug(Exception e) {
        StackTraceElement[] frames = e.getStackTrace();
        return e instanceof IllegalStateException && frames.length > 1
                && frames[1].getClassName().endsWith(".HealthEndpointSupport") && frames[1].getMethodName().equals("getContributor");
    }




    private static String firstSentence(String message) {
        String line = ErrorTranslator.firstLine(message);
        int end = line.indexOf(". ");
        return end < 0 ? line : line.substring(0, end + 1);
    }
}
