package io.tributary.web;

import io.tributary.common.errors.TributaryException;

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
 * implies. Messages never carry stack traces or file paths.
 */
@RestControllerAdvice
public class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    public static ResponseEntity<ErrorBody> respond(ErrorCode code, String message) {
        return ResponseEntity.status(code.httpStatus()).contentType(MediaTypes.V2).body(ErrorBody.of(code, message));
    }

    /** For an HTTP status without a finer cause: its Kafka REST code where there is one, else the plain status. */
    public static ResponseEntity<ErrorBody> respond(int status, String message) {
        ErrorCode code = ErrorCode.forStatus(status);
        if (code != null) {
            return respond(code, message);
        }
        return ResponseEntity.status(status).contentType(MediaTypes.V2).body(new ErrorBody(status, message));
    }

    /** A translated body with the status its code implies. */
    static ResponseEntity<ErrorBody> respond(ErrorBody body) {
        return respond(ErrorCode.of(body.errorCode()), body.message());
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ErrorBody> api(ApiException e) {
        return respond(e.errorCode(), e.getMessage());
    }

    @ExceptionHandler(TributaryException.class)
    ResponseEntity<ErrorBody> domain(TributaryException e) {
        return respond(ErrorTranslator.toBody(e));
    }

    @ExceptionHandler(JacksonException.class)
    ResponseEntity<ErrorBody> json(JacksonException e) {
        return respond(ErrorTranslator.jsonError(e));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ErrorBody> unreadable(HttpMessageNotReadableException e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof ApiException api) {
                return api(api); // the request size limit, hit while the body was read
            }
            if (t instanceof JacksonException json) {
                return json(json);
            }
        }
        return respond(ErrorCode.BAD_REQUEST, "Malformed request body: " + ErrorTranslator.rootMessage(e));
    }

    /** Tomcat could not decode the query string (bad %-escapes, invalid UTF-8) or it has too many parameters. */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ErrorBody> badQueryString(InvalidParameterException e) {
        int status = e.getErrorCode() >= 400 && e.getErrorCode() < 500 ? e.getErrorCode() : 400;
        return respond(status, "Malformed query string: " + firstSentence(e.getMessage()));
    }

    @ExceptionHandler({MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class})
    ResponseEntity<ErrorBody> badParameter(Exception e) {
        return respond(ErrorCode.BAD_REQUEST, e instanceof MethodArgumentTypeMismatchException m
                ? "Invalid value '" + m.getValue() + "' for parameter '" + m.getName() + "'."
                : e.getMessage());
    }

    @ExceptionHandler({MethodArgumentNotValidException.class, HandlerMethodValidationException.class})
    ResponseEntity<ErrorBody> invalid(Exception e) {
        return respond(ErrorCode.INVALID_PAYLOAD, e.getMessage());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ErrorBody> unsupportedMediaType(HttpMediaTypeNotSupportedException e) {
        return respond(ErrorCode.UNSUPPORTED_MEDIA_TYPE, (e.getContentType() == null ? "Missing or unreadable Content-Type"
                : "Unsupported Content-Type " + e.getContentType()) + "; supported: " + e.getSupportedMediaTypes());
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ErrorBody> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return respond(ErrorCode.NOT_ACCEPTABLE, "Cannot answer in the requested media type; supported: "
                + e.getSupportedMediaTypes());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ErrorBody> methodNotAllowed(HttpRequestMethodNotSupportedException e) {
        return respond(ErrorCode.METHOD_NOT_ALLOWED, e.getMessage());
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ErrorBody> noResource(NoResourceFoundException e) {
        return respond(ErrorCode.NOT_FOUND, "No endpoint " + e.getHttpMethod() + " /" + e.getResourcePath());
    }

    /**
     * The connection to the client failed while reading its body: it stopped sending (past
     * {@code server.tomcat.connection-timeout}) or went away. An answer rarely reaches it, and a stalling client must
     * not fill the log with stack traces. (When Jackson was parsing, {@link #json} answers it.)
     */
    @ExceptionHandler(ClientAbortException.class)
    ResponseEntity<ErrorBody> clientGone(ClientAbortException e) {
        log.debug("Client stalled or gone while sending its request: {}", ErrorTranslator.rootMessage(e));
        return respond(ErrorCode.BAD_REQUEST, "The request body did not arrive in time.");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ErrorBody> unexpected(Exception e) {
        if (e instanceof ErrorResponse response && response.getStatusCode().is4xxClientError()) {
            // the framework's own client errors (actuator parameters, async request states, ...)
            HttpStatus status = HttpStatus.resolve(response.getStatusCode().value());
            String detail = response.getBody().getDetail();
            return respond(response.getStatusCode().value(), detail != null ? detail
                    : status != null ? status.getReasonPhrase() + "." : "Client error.");
        }
        if (isHealthEndpointPathBug(e)) {
            return respond(ErrorCode.NOT_FOUND, "No such health component.");
        }
        log.error("Unexpected error", e);
        return respond(ErrorCode.INTERNAL, "Internal server error.");
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
