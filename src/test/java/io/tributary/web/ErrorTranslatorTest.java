package io.tributary.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.errors.AclsDisabledException;
import io.tributary.common.errors.AuthorizationException;
import io.tributary.common.errors.InvalidAclException;
import io.tributary.common.errors.BackendUnavailableException;
import io.tributary.common.errors.ConsumerExistsException;
import io.tributary.common.errors.CorruptRecordException;
import io.tributary.common.errors.IllegalConsumerStateException;
import io.tributary.common.errors.InvalidConfigException;
import io.tributary.common.errors.InvalidConsumerConfigException;
import io.tributary.common.errors.InvalidPartitionsException;
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

import java.io.IOException;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import tools.jackson.core.JsonParser;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;

/** Every domain failure maps to its api.md row; none leaks a stack trace or a path. */
class ErrorTranslatorTest {

    @Test
    void domainExceptionsMapToTheirErrorCodes() {
        assertThat(code(new UnknownTopicException("x"))).isEqualTo(40401);
        assertThat(code(new UnknownPartitionException("x"))).isEqualTo(40402);
        assertThat(code(new UnknownConsumerException("x"))).isEqualTo(40403);
        assertThat(code(new UnknownGroupException("x"))).isEqualTo(40405);
        assertThat(code(new NotFoundException("x"))).isEqualTo(404);
        assertThat(code(new InvalidRequestException("x"))).isEqualTo(400);
        assertThat(code(new TopicExistsException("x"))).isEqualTo(40002);
        assertThat(code(new InvalidPartitionsException("x"))).isEqualTo(40002);
        assertThat(code(new InvalidTopicException("x"))).isEqualTo(42206);
        assertThat(code(new InvalidConfigException("x"))).isEqualTo(42206);
        assertThat(code(new InvalidRecordsException("x"))).isEqualTo(42206);
        assertThat(code(new InvalidConsumerConfigException("x"))).isEqualTo(42204);
        assertThat(code(new SubscriptionConflictException("x"))).isEqualTo(40901);
        assertThat(code(new ConsumerExistsException("x"))).isEqualTo(40902);
        assertThat(code(new IllegalConsumerStateException("x"))).isEqualTo(40903);
        assertThat(code(new LimitExceededException("x"))).isEqualTo(42901);
        assertThat(code(new AuthorizationException("x"))).isEqualTo(40301);
        assertThat(code(new RecordTooLargeException("x"))).isEqualTo(413);
        assertThat(code(new StorageException("No space left on device", new IOException()))).isEqualTo(50003);
        assertThat(code(new BackendUnavailableException("Kafka did not answer in 30 s", new IOException()))).isEqualTo(50003);
        assertThat(code(new CorruptRecordException("bad crc in /data/log/t-0/000.log"))).isEqualTo(50002);
        assertThat(code(new IllegalStateException("boom"))).isEqualTo(50002);
        assertThat(code(new InvalidAclException("x"))).isEqualTo(40002);
        assertThat(code(new AclsDisabledException("no authorizer", new IOException()))).isEqualTo(40002);
        assertThat(code(new ApiException(ErrorCode.TOO_MANY_REQUESTS, "x"))).isEqualTo(42901);
    }

    /** A new kind of domain failure must get its own row: the sealed family and the translator move together. */
    @Test
    void everyKindOfDomainFailureHasAKafkaRestCodeOtherThanInternal() {
        Class<?>[] kinds = TributaryException.class.getPermittedSubclasses();
        assertThat(kinds).hasSizeGreaterThan(10);
        assertThat(Arrays.stream(kinds).filter(k -> k != CorruptRecordException.class))
                .allSatisfy(kind -> assertThat(ErrorTranslator.codeOf(instance(kind))).as(kind.getSimpleName())
                        .isNotEqualTo(ErrorCode.INTERNAL));
    }

    /** A failed batch fails each of its records with one exception: its translation, and its log line, happen once. */
    @Test
    void oneResponsesFailuresAreTranslatedOnceEach() {
        var errors = ErrorTranslator.perFailure();
        StorageException diskFull = new StorageException("No space left on device", new IOException());
        ErrorBody first = errors.apply(diskFull);
        assertThat(errors.apply(diskFull)).isSameAs(first);
        assertThat(first).isEqualTo(ErrorTranslator.toBody(diskFull));
        assertThat(errors.apply(new UnknownTopicException("x"))).isNotSameAs(first).extracting(ErrorBody::errorCode)
                .isEqualTo(40401);
    }

    @Test
    void internalErrorsDoNotLeakDetails() {
        assertThat(ErrorTranslator.toBody(new CorruptRecordException("bad crc in /data/log/t-0/000.log")).message())
                .doesNotContain("/data");
        assertThat(ErrorTranslator.toBody(new IllegalStateException("secret")).message()).doesNotContain("secret");
    }

    @Test
    void aRetriableErrorIsServiceUnavailable() {
        // 503 as api.md lists it (Confluent's RestServerErrorException would say 500): clients and proxies retry a 503
        var response = new ApiExceptionHandler().domain(new StorageException("disk full", new IOException()),
                new MockHttpServletRequest("POST", "/topics/t"));
        assertThat(response.getStatusCode().value()).isEqualTo(503);
        assertThat(response.getBody().errorCode()).isEqualTo(50003);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaTypes.V2);
    }

    /** Request bodies Jackson could not read are the client's fault, however Jackson reports them. */
    @Test
    void jsonReadErrorsAreClientErrors() {
        assertThat(code(new StreamConstraintsException("Document nesting depth (501) exceeds the maximum allowed (500)"))).isEqualTo(400);
        assertThat(code(new StreamReadException((JsonParser) null, "Unexpected character"))).isEqualTo(400);
        assertThat(code(JacksonIOException.construct(new IOException("Invalid chunk header")))).isEqualTo(400);
        var sizeLimit = new ApiException(ErrorCode.REQUEST_TOO_LARGE, "too big");
        assertThat(code(new StreamReadException((JsonParser) null, "read failed", sizeLimit))).as("the cause decides").isEqualTo(413);
    }

    @Test
    void storageErrorsDoNotNameServerFiles() {
        String message = ErrorTranslator.toBody(new StorageException("Could not append to t-0: "
                + "java.nio.file.NoSuchFileException: /srv/data/log/t-0/00000000000000000000.log", new IOException())).message();
        assertThat(message).contains("t-0", "NoSuchFileException: <file>").doesNotContain("/srv");
    }

    private static int code(Throwable e) {
        return ErrorTranslator.toBody(e).errorCode();
    }

    private static TributaryException instance(Class<?> kind) {
        try {
            if (kind == StorageException.class || kind == BackendUnavailableException.class
                    || kind == AclsDisabledException.class) {
                return (TributaryException) kind.getConstructor(String.class, Throwable.class)
                        .newInstance("x", new IOException());
            }
            return (TributaryException) kind.getConstructor(String.class).newInstance("x");
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
