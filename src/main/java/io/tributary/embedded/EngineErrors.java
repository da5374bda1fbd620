package io.tributary.embedded;

import io.tributary.common.errors.CorruptRecordException;
import io.tributary.common.errors.InvalidRecordException;
import io.tributary.common.errors.InvalidRequestException;
import io.tributary.common.errors.RecordTooLargeException;
import io.tributary.common.errors.StorageException;
import io.tributary.common.errors.TopicExistsException;
import io.tributary.common.errors.TributaryException;
import io.tributary.common.errors.UnknownPartitionException;
import io.tributary.common.errors.UnknownTopicException;
import io.tributary.log.LogException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * The log engine's exceptions in the domain's words, at the edge of the embedded backend: whatever a port method of
 * this backend lets escape is a {@link TributaryException}, never a {@link LogException}.
 */
public final class EngineErrors {

    private EngineErrors() {
    }

    /** Runs an engine call, translating what it throws. */
    public static <T> T call(Supplier<T> engineCall) {
        try {
            return engineCall.get();
        } catch (LogException e) {
            throw translate(e);
        }
    }

    /** The future, failed with the domain exception instead of the engine's. */
    public static <T> CompletableFuture<T> translated(CompletableFuture<T> engineFuture) {
        CompletableFuture<T> result = new CompletableFuture<>();
        engineFuture.whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
            } else {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                result.completeExceptionally(cause instanceof LogException log ? translate(log) : cause);
            }
        });
        return result;
    }

    public static TributaryException translate(LogException e) {
        // Java 17 has no pattern switch; LogException is sealed, and EngineErrorsTest covers every kind.
        if (e instanceof io.tributary.log.UnknownTopicException) {
            return new UnknownTopicException(e.getMessage());
        }
        if (e instanceof io.tributary.log.UnknownPartitionException) {
            return new UnknownPartitionException(e.getMessage());
        }
        if (e instanceof io.tributary.log.TopicExistsException) {
            return new TopicExistsException(e.getMessage());
        }
        if (e instanceof io.tributary.log.OffsetOutOfRangeException) {
            return new InvalidRequestException(e.getMessage());
        }
        if (e instanceof io.tributary.log.RecordTooLargeException) {
            return new RecordTooLargeException(e.getMessage());
        }
        if (e instanceof io.tributary.log.InvalidRecordException) {
            return new InvalidRecordException(e.getMessage());
        }
        if (e instanceof io.tributary.log.CorruptRecordException) {
            return new CorruptRecordException(e.getMessage());
        }
        return new StorageException(e.getMessage(), e.getCause() != null ? e.getCause() : e);
    }
}
