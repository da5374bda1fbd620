package io.tributary.web;

import io.tributary.log.CorruptRecordException;
import io.tributary.log.LogException;
import io.tributary.log.LogStorageException;
import io.tributary.log.OffsetOutOfRangeException;
import io.tributary.log.RecordTooLargeException;
import io.tributary.log.TopicExistsException;
import io.tributary.log.UnknownPartitionException;
import io.tributary.log.UnknownTopicException;

import java.util.regex.Pattern;

import org.apache.catalina.connector.ClientAbortException;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;

/**
 * The one place where exceptions become HTTP answers: {@code {"error_code","message"}} with the status the code
 * implies. Messages never carry stack traces or file paths.
 */
@RestControllerAdvice
public class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
    private static final int MAX_DETAIL = 300;
    private static final Pattern ABSOLUTE_PATH = Pattern.compile("(?<![\\w.])/[^\\s:;,()'\"]+|[A-Za-z]:\\\\[^\\s:;,()'\"]+");

    public static ResponseEntity<ErrorBody> respond(ErrorCode code, String message) {
        return ResponseEntity.status(code.status()).contentType(MediaTypes.V2).body(ErrorBody.of(code, message));
    }

    /** For an HTTP status without a finer cause: its Kafka REST code where there is one, else the plain status. */
    public static ResponseEntity<ErrorBody> respond(int status, String message) {
        ErrorCode code = ErrorCode.forStatus(status);
        if (code != null) {
            return respond(code, message);
        }
        return ResponseEntity.status(status).contentType(MediaTypes.V2).body(new ErrorBody(status, message));
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ErrorBody> api(ApiException e) {
        return respond(e.errorCode(), e.getMessage());
    }

    @ExceptionHandler(LogException.class)
    ResponseEntity<ErrorBody> log(LogException e) {
        ErrorBody body = errorBody(e);
        return respond(ErrorCode.of(body.errorCode()), body.message());
    }

    /**
     * The api.md body for an exception, as this handler answers it; for errors reported inside a successful
     * response (per record in a v3 produce stream).
     */
    public static ErrorBody errorBody(Throwable e) {
        if (e instanceof ApiException api) {
            return ErrorBody.of(api.errorCode(), api.getMessage());
        }
        if (e instanceof UnknownTopicException) {
            return ErrorBody.of(ErrorCode.TOPIC_NOT_FOUND, e.getMessage());
        }
        if (e instanceof UnknownPartitionException) {
            return ErrorBody.of(ErrorCode.PARTITION_NOT_FOUND, e.getMessage());
        }
        if (e instanceof TopicExistsException) {
            return ErrorBody.of(ErrorCode.BAD_ADMIN_REQUEST, e.getMessage());
        }
        if (e instanceof OffsetOutOfRangeException) {
            return ErrorBody.of(ErrorCode.BAD_REQUEST, e.getMessage());
        }
        if (e instanceof RecordTooLargeException) {
            return ErrorBody.of(ErrorCode.REQUEST_TOO_LARGE, e.getMessage());
        }
        if (e instanceof LogStorageException) {
            log.warn("Log storage failure: {}", e.getMessage(), e.getCause());
            return ErrorBody.of(ErrorCode.RETRIABLE, "The log directory is unavailable (" + withoutPaths(e.getMessage())
                    + "); retry later.");
        }
        if (e instanceof JacksonException json) {
            return jsonError(json);
        }
        if (e instanceof CorruptRecordException) {
            log.error("Corrupt data refused: {}", e.getMessage());
            return ErrorBody.of(ErrorCode.INTERNAL, "Stored data failed its checksum and was not served.");
        }
        log.error("Unexpected error", e);
        return ErrorBody.of(ErrorCode.INTERNAL, "Internal server error.");
    }

    /**
     * A request body that could not be parsed: malformed JSON (400), JSON of the wrong shape or type (42206), a body
     * cut off or unreadable (400), or one past the size limit (413, raised while the parser read it).
     */
    private static ErrorBody jsonError(JacksonException e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof ApiException api) {
                return ErrorBody.of(api.errorCode(), api.getMessage());
            }
        }
        if (e instanceof DatabindException) {
            return ErrorBody.of(ErrorCode.INVALID_PAYLOAD, "Invalid request body: " + firstLine(e.getOriginalMessage()));
        }
        if (e instanceof StreamReadException || e instanceof StreamConstraintsException) {
            return ErrorBody.of(ErrorCode.BAD_REQUEST, "Malformed JSON in request body: " + firstLine(e.getOriginalMessage()));
        }
        if (e instanceof JacksonIOException) {
            return ErrorBody.of(ErrorCode.BAD_REQUEST, "The request body could not be read: " + rootMessage(e));
        }
        log.error("Unexpected JSON error", e); // writing, not reading: ours
        return ErrorBody.of(ErrorCode.INTERNAL, "Internal server error.");
    }

    @ExceptionHandler(JacksonException.class)
    ResponseEntity<ErrorBody> json(JacksonException e) {
        ErrorBody body = jsonError(e);
        return respond(ErrorCode.of(body.errorCode()), body.message());
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
        return respond(ErrorCode.BAD_REQUEST, "Malformed request body: " + rootMessage(e));
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
        log.debug("Client stalled or gone while sending its request: {}", rootMessage(e));
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

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return firstLine(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
    }

    /** Jackson appends source locations that may echo huge input; keep the first line only, and not too much of it. */
    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return line.length() <= MAX_DETAIL ? line : line.substring(0, MAX_DETAIL) + "...";
    }

    /** An I/O error may name the file it failed on; clients see where, not the server's directory layout. */
    static String withoutPaths(String message) {
        return message == null ? "" : ABSOLUTE_PATH.matcher(message).replaceAll("<file>");
    }

    private static String firstSentence(String message) {
        String line = firstLine(message);
        int end = line.indexOf(". ");
        return end < 0 ? line : line.substring(0, end + 1);
    }
}
