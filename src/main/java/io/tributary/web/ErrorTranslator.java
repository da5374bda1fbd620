package io.tributary.web;

import io.tributary.common.errors.AclsDisabledException;
import io.tributary.common.errors.AuthorizationException;
import io.tributary.common.errors.BackendUnavailableException;
import io.tributary.common.errors.ConsumerExistsException;
import io.tributary.common.errors.CorruptRecordException;
import io.tributary.common.errors.IdempotencyKeyReusedException;
import io.tributary.common.errors.IllegalConsumerStateException;
import io.tributary.common.errors.InvalidAclException;
import io.tributary.common.errors.InvalidBrokerConfigException;
import io.tributary.common.errors.InvalidConfigException;
import io.tributary.common.errors.InvalidConsumerConfigException;
import io.tributary.common.errors.InvalidPartitionsException;
import io.tributary.common.errors.InvalidRecordException;
import io.tributary.common.errors.InvalidRecordsException;
import io.tributary.common.errors.InvalidRequestException;
import io.tributary.common.errors.InvalidTopicException;
import io.tributary.common.errors.LimitExceededException;
import io.tributary.common.errors.NotFoundException;
import io.tributary.common.errors.RecordTooLargeException;
import io.tributary.common.errors.StorageException;
import io.tributary.common.errors.SubscriptionConflictException;
import io.tributary.common.errors.TopicExistsException;
import io.tributary.common.errors.TributaryException;
import io.tributary.common.errors.UnknownConsumerException;
import io.tributary.common.errors.UnknownGroupException;
import io.tributary.common.errors.UnknownPartitionException;
import io.tributary.common.errors.UnknownTopicException;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;

/**
 * The one mapping from a failure to the Kafka REST error body ({@code ../shared/api.md}): domain exceptions by kind,
 * {@link ApiException}s of the web layer as they are, JSON read errors by what went wrong, anything else as 50002.
 * Plain Java: the exception handler, the v3 produce stream (per-record errors inside a 200) and the server-sent
 * event streams (a last {@code error} event) all answer through it, so a failure reads the same wherever it surfaces.
 * Messages never carry stack traces or file paths.
 */
public final class ErrorTranslator {

    private static final Logger log = LoggerFactory.getLogger(ErrorTranslator.class);
    private static final int MAX_DETAIL = 300;
    private static final Pattern ABSOLUTE_PATH = Pattern.compile("(?<![\\w.])/[^\\s:;,()'\"]+|[A-Za-z]:\\\\[^\\s:;,()'\"]+");

    /** Every kind of {@link TributaryException} but the two that need their message rewritten. */
    private static final Map<Class<? extends TributaryException>, ErrorCode> CODES = Map.ofEntries(
            Map.entry(UnknownTopicException.class, ErrorCode.TOPIC_NOT_FOUND),
            Map.entry(UnknownPartitionException.class, ErrorCode.PARTITION_NOT_FOUND),
            Map.entry(UnknownConsumerException.class, ErrorCode.CONSUMER_INSTANCE_NOT_FOUND),
            Map.entry(UnknownGroupException.class, ErrorCode.CONSUMER_GROUP_NOT_FOUND),
            Map.entry(NotFoundException.class, ErrorCode.NOT_FOUND),
            Map.entry(InvalidRequestException.class, ErrorCode.BAD_REQUEST),
            Map.entry(TopicExistsException.class, ErrorCode.BAD_ADMIN_REQUEST),
            Map.entry(InvalidPartitionsException.class, ErrorCode.BAD_ADMIN_REQUEST),
            // as Confluent's REST Proxy answers Kafka's refusal of a broker config change (KafkaExceptionMapper)
            Map.entry(InvalidBrokerConfigException.class, ErrorCode.BAD_ADMIN_REQUEST),
            Map.entry(InvalidTopicException.class, ErrorCode.INVALID_PAYLOAD),
            Map.entry(InvalidConfigException.class, ErrorCode.INVALID_PAYLOAD),
            Map.entry(InvalidRecordsException.class, ErrorCode.INVALID_PAYLOAD),
            Map.entry(InvalidRecordException.class, ErrorCode.INVALID_RECORD),
            Map.entry(InvalidConsumerConfigException.class, ErrorCode.INVALID_CONSUMER_CONFIG),
            Map.entry(SubscriptionConflictException.class, ErrorCode.SUBSCRIPTION_CONFLICT),
            Map.entry(ConsumerExistsException.class, ErrorCode.CONSUMER_ALREADY_EXISTS),
            Map.entry(IllegalConsumerStateException.class, ErrorCode.ILLEGAL_STATE),
            Map.entry(LimitExceededException.class, ErrorCode.TOO_MANY_REQUESTS),
            Map.entry(AuthorizationException.class, ErrorCode.FORBIDDEN),
            Map.entry(RecordTooLargeException.class, ErrorCode.REQUEST_TOO_LARGE),
            Map.entry(IdempotencyKeyReusedException.class, ErrorCode.IDEMPOTENCY_KEY_REUSED),
            Map.entry(InvalidAclException.class, ErrorCode.BAD_ADMIN_REQUEST),
            Map.entry(AclsDisabledException.class, ErrorCode.BAD_ADMIN_REQUEST));

    private ErrorTranslator() {
    }

    /** The error body a client gets for {@code e}. */
    public static ErrorBody toBody(Throwable e) {
        if (e instanceof ApiException api) {
            return ErrorBody.of(api.errorCode(), api.getMessage());
        }
        if (e instanceof TributaryException domain) {
            return domain(domain);
        }
        if (e instanceof JacksonException json) {
            return jsonError(json);
        }
        log.error("Unexpected error", e);
        return ErrorBody.of(ErrorCode.INTERNAL, "Internal server error.");
    }

    /**
     * {@link #toBody} for the failures of one response: a batch that failed fails each of its records with the same
     * exception, which is then translated, and logged, once rather than once per record.
     */
    public static Function<Throwable, ErrorBody> perFailure() {
        Map<Throwable, ErrorBody> bodies = new IdentityHashMap<>();
        return failure -> bodies.computeIfAbsent(failure, ErrorTranslator::toBody);
    }

    /** The error code for a domain failure, as {@link #toBody} answers it. */
    public static ErrorCode codeOf(TributaryException e) {
        if (e instanceof StorageException || e instanceof BackendUnavailableException) {
            return ErrorCode.RETRIABLE;
        }
        ErrorCode code = CODES.get(e.getClass());
        return code != null ? code : ErrorCode.INTERNAL;
    }

    private static ErrorBody domain(TributaryException e) {
        if (e instanceof StorageException storage) {
            log.warn("Storage failure of {}: {}", storage.store(), e.getMessage(), e.getCause());
            String store = storage.store();
            return ErrorBody.of(ErrorCode.RETRIABLE, Character.toUpperCase(store.charAt(0)) + store.substring(1)
                    + " is unavailable (" + withoutPaths(e.getMessage()) + "); retry later.");
        }
        if (e instanceof BackendUnavailableException) {
            log.warn("Backend unavailable: {}", e.getMessage(), e.getCause());
            return ErrorBody.of(ErrorCode.RETRIABLE, e.getMessage());
        }
        if (e instanceof CorruptRecordException) {
            log.error("Corrupt data refused: {}", e.getMessage());
            return ErrorBody.of(ErrorCode.INTERNAL, "Stored data failed its checksum and was not served.");
        }
        return ErrorBody.of(codeOf(e), e.getMessage());
    }

    /**
     * A request body that could not be parsed: malformed JSON (400), JSON of the wrong shape or type (42206), a body
     * cut off or unreadable (400), or one past the size limit (413, raised while the parser read it).
     */
    static ErrorBody jsonError(JacksonException e) {
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

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return firstLine(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
    }

    /** Jackson appends source locations that may echo huge input; keep the first line only, and not too much of it. */
    static String firstLine(String message) {
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
}
