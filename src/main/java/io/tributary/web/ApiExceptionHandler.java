package io.tributary.web;

import io.tributary.log.CorruptRecordException;
import io.tributary.log.LogException;
import io.tributary.log.LogStorageException;
import io.tributary.log.OffsetOutOfRangeException;
import io.tributary.log.RecordTooLargeException;
import io.tributary.log.TopicExistsException;
import io.tributary.log.UnknownPartitionException;
import io.tributary.log.UnknownTopicException;

import org.apache.catalina.connector.ClientAbortException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
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
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.databind.DatabindException;

/**
 * The one place where exceptions become HTTP answers: {@code {"error_code","message"}} with the status the code
 * implies. Messages never carry stack traces or file paths.
 */
@RestControllerAdvice
public class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    public static ResponseEntity<ErrorBody> respond(ErrorCode code, String message) {
        return ResponseEntity.status(code.status()).contentType(MediaTypes.V2).body(ErrorBody.of(code, message));
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
            return ErrorBody.of(ErrorCode.RETRIABLE, "The log directory is unavailable (" + e.getMessage() + "); retry later.");
        }
        if (e instanceof CorruptRecordException) {
            log.error("Corrupt data refused: {}", e.getMessage());
            return ErrorBody.of(ErrorCode.INTERNAL, "Stored data failed its checksum and was not served.");
        }
        log.error("Unexpected error", e);
        return ErrorBody.of(ErrorCode.INTERNAL, "Internal server error.");
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ErrorBody> unreadable(HttpMessageNotReadableException e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof ApiException api) {
                return api(api); // the request size limit, hit while the body was read
            }
            if (t instanceof DatabindException) {
                return respond(ErrorCode.INVALID_PAYLOAD, "Invalid request body: " + rootMessage(e));
            }
        }
        return respond(ErrorCode.BAD_REQUEST, "Malformed request body: " + rootMessage(e));
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
        return respond(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Unsupported Content-Type " + e.getContentType()
                + "; supported: " + e.getSupportedMediaTypes());
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
     * not fill the log with stack traces. (Jackson wraps the I/O error when it was parsing.)
     */
    @ExceptionHandler({ClientAbortException.class, JacksonIOException.class})
    ResponseEntity<ErrorBody> clientGone(Exception e) {
        log.debug("Client stalled or gone while sending its request: {}", rootMessage(e));
        return respond(ErrorCode.BAD_REQUEST, "The request body did not arrive in time.");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ErrorBody> unexpected(Exception e) {
        log.error("Unexpected error", e);
        return respond(ErrorCode.INTERNAL, "Internal server error.");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        // Jackson appends source locations that may echo huge input; keep the first line only.
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
