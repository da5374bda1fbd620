package io.tributary.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.log.CorruptRecordException;
import io.tributary.log.LogStorageException;
import io.tributary.log.OffsetOutOfRangeException;
import io.tributary.log.RecordTooLargeException;
import io.tributary.log.TopicExistsException;
import io.tributary.log.TopicPartition;
import io.tributary.log.UnknownPartitionException;
import io.tributary.log.UnknownTopicException;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonParser;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;

/** Every engine failure maps to its api.md row; none leaks a stack trace or a path. */
class ApiExceptionHandlerTest {

    @Test
    void engineExceptionsMapToTheirErrorCodes() {
        assertThat(code(new UnknownTopicException("x"))).isEqualTo(40401);
        assertThat(code(new UnknownPartitionException("x"))).isEqualTo(40402);
        assertThat(code(new TopicExistsException("x"))).isEqualTo(40002);
        assertThat(code(new OffsetOutOfRangeException(new TopicPartition("t", 0), 9, 0, 3))).isEqualTo(400);
        assertThat(code(new RecordTooLargeException("x"))).isEqualTo(413);
        assertThat(code(new LogStorageException("No space left on device", new IOException()))).isEqualTo(50003);
        assertThat(code(new CorruptRecordException("bad crc in /data/log/t-0/000.log"))).isEqualTo(50002);
        assertThat(code(new IllegalStateException("boom"))).isEqualTo(50002);
        assertThat(code(new ApiException(ErrorCode.TOO_MANY_REQUESTS, "x"))).isEqualTo(42901);
    }

    @Test
    void internalErrorsDoNotLeakDetails() {
        assertThat(ApiExceptionHandler.errorBody(new CorruptRecordException("bad crc in /data/log/t-0/000.log")).message())
                .doesNotContain("/data");
        assertThat(ApiExceptionHandler.errorBody(new IllegalStateException("secret")).message()).doesNotContain("secret");
    }

    @Test
    void aRetriableErrorIsServiceUnavailable() {
        // 503 as api.md lists it (Confluent's RestServerErrorException would say 500): clients and proxies retry a 503
        var response = new ApiExceptionHandler().log(new LogStorageException("disk full", new IOException()));
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
        String message = ApiExceptionHandler.errorBody(new LogStorageException("Could not append to t-0: "
                + "java.nio.file.NoSuchFileException: /srv/data/log/t-0/00000000000000000000.log", new IOException())).message();
        assertThat(message).contains("t-0", "NoSuchFileException: <file>").doesNotContain("/srv");
    }

    private static int code(Throwable e) {
        return ApiExceptionHandler.errorBody(e).errorCode();
    }
}
