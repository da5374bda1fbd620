package io.tributary.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.common.TopicPartition;
import io.tributary.common.errors.CorruptRecordException;
import io.tributary.common.errors.InvalidRecordException;
import io.tributary.common.errors.InvalidRequestException;
import io.tributary.common.errors.RecordTooLargeException;
import io.tributary.common.errors.StorageException;
import io.tributary.common.errors.TopicExistsException;
import io.tributary.common.errors.UnknownPartitionException;
import io.tributary.common.errors.UnknownTopicException;
import io.tributary.log.LogException;
import io.tributary.log.LogStorageException;
import io.tributary.log.OffsetOutOfRangeException;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

/** No engine exception crosses the embedded backend's edge: each becomes the domain failure it means. */
class EngineErrorsTest {

    private static final List<LogException> ENGINE_FAILURES = List.of(
            new io.tributary.log.UnknownTopicException("Topic 't' not found."),
            new io.tributary.log.UnknownPartitionException("Partition 9 of topic 't' not found."),
            new io.tributary.log.TopicExistsException("Topic 't' already exists."),
            new OffsetOutOfRangeException(new TopicPartition("t", 0), 9, 0, 3),
            new io.tributary.log.RecordTooLargeException("too large"),
            new io.tributary.log.InvalidRecordException("no key"),
            new LogStorageException("No space left on device", new IOException("ENOSPC")),
            new io.tributary.log.CorruptRecordException("bad crc"));

    @Test
    void everyKindOfEngineFailureIsCoveredHere() {
        assertThat(ENGINE_FAILURES).extracting(Object::getClass).map(Class::getName)
                .containsExactlyInAnyOrder(java.util.Arrays.stream(LogException.class.getPermittedSubclasses())
                        .map(Class::getName).toArray(String[]::new));
    }

    @Test
    void eachBecomesTheDomainFailureItMeansWithItsMessage() {
        List<Class<?>> expected = List.of(UnknownTopicException.class, UnknownPartitionException.class,
                TopicExistsException.class, InvalidRequestException.class, RecordTooLargeException.class,
                InvalidRecordException.class, StorageException.class, CorruptRecordException.class);
        for (int i = 0; i < ENGINE_FAILURES.size(); i++) {
            LogException engine = ENGINE_FAILURES.get(i);
            assertThat(EngineErrors.translate(engine)).isInstanceOf(expected.get(i)).hasMessage(engine.getMessage());
        }
    }

    @Test
    void aStorageFailureKeepsItsIoCause() {
        IOException cause = new IOException("ENOSPC");
        assertThat(EngineErrors.translate(new LogStorageException("No space left on device", cause))).hasCause(cause);
    }

    @Test
    void callsAndFuturesAreTranslatedAndOtherFailuresPassUnchanged() {
        assertThatThrownBy(() -> EngineErrors.call(() -> {
            throw new io.tributary.log.UnknownTopicException("gone");
        })).isInstanceOf(UnknownTopicException.class);

        CompletableFuture<Object> failed = CompletableFuture.failedFuture(
                new CompletionException(new io.tributary.log.UnknownPartitionException("gone")));
        assertThatThrownBy(() -> EngineErrors.translated(failed).join()).hasCauseInstanceOf(UnknownPartitionException.class);

        IllegalStateException bug = new IllegalStateException("bug");
        assertThatThrownBy(() -> EngineErrors.translated(CompletableFuture.failedFuture(bug)).join()).hasCause(bug);
        assertThat(EngineErrors.translated(CompletableFuture.completedFuture("ok")).join()).isEqualTo("ok");
    }
}
