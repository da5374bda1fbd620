package io.tributary.kafka;

import io.tributary.common.errors.AclsDisabledException;
import io.tributary.common.errors.AuthorizationException;
import io.tributary.common.errors.BackendUnavailableException;
import io.tributary.common.errors.CorruptRecordException;
import io.tributary.common.errors.InvalidConfigException;
import io.tributary.common.errors.InvalidPartitionsException;
import io.tributary.common.errors.InvalidRecordException;
import io.tributary.common.errors.InvalidRequestException;
import io.tributary.common.errors.InvalidTopicException;
import io.tributary.common.errors.RecordTooLargeException;
import io.tributary.common.errors.TopicExistsException;
import io.tributary.common.errors.TributaryException;
import io.tributary.common.errors.UnknownGroupException;
import io.tributary.common.errors.UnknownTopicException;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Kafka's exceptions in the domain's words, at the edge of the Kafka backend, as {@code EngineErrors} does for the
 * embedded engine: whatever a port method of this backend lets escape is a {@link TributaryException}. Anything
 * Kafka calls retriable (a leader moving, too few in-sync replicas, a timeout) is {@link BackendUnavailableException}:
 * 50003, never a false success or a 500.
 */
public final class KafkaErrors {

    private KafkaErrors() {
    }

    /**
     * Waits for a Kafka future, at most {@code timeout}.
     *
     * @param what what was asked, for the message (e.g. "describe topic 'orders'")
     */
    public static <T> T await(KafkaFuture<T> future, Duration timeout, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw translate(e.getCause(), what);
        } catch (TimeoutException e) {
            throw unavailable(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(what, e);
        }
    }

    /** The future as a {@link CompletableFuture} failed with the domain exception instead of Kafka's. */
    public static <T> CompletableFuture<T> translated(KafkaFuture<T> future, String what) {
        CompletableFuture<T> result = new CompletableFuture<>();
        future.whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(translate(error, what));
            }
        });
        return result;
    }

    public static TributaryException translate(Throwable error, String what) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof TributaryException domain) {
            return domain;
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof UnknownTopicOrPartitionException) {
            return new UnknownTopicException("Could not " + what + ": " + message);
        }
        if (e instanceof org.apache.kafka.common.errors.TopicExistsException) {
            return new TopicExistsException(message);
        }
        if (e instanceof org.apache.kafka.common.errors.InvalidTopicException) {
            return new InvalidTopicException(message);
        }
        // before configs: Kafka's InvalidReplicationFactorException is an InvalidConfigurationException
        if (e instanceof org.apache.kafka.common.errors.InvalidPartitionsException
                || e instanceof InvalidReplicationFactorException) {
            return new InvalidPartitionsException("Could not " + what + ": " + message);
        }
        if (e instanceof InvalidConfigurationException || e instanceof PolicyViolationException) {
            return new InvalidConfigException("Could not " + what + ": " + message);
        }
        if (e instanceof org.apache.kafka.common.errors.RecordTooLargeException
                || e instanceof RecordBatchTooLargeException) {
            return new RecordTooLargeException(message);
        }
        if (e instanceof org.apache.kafka.common.InvalidRecordException) {
            return new InvalidRecordException(message);
        }
        if (e instanceof org.apache.kafka.common.errors.CorruptRecordException) {
            return new CorruptRecordException(message);
        }
        if (e instanceof org.apache.kafka.common.errors.AuthorizationException) {
            return new AuthorizationException("The Kafka cluster refused to " + what + ": " + message);
        }
        if (e instanceof SecurityDisabledException) {
            return new AclsDisabledException("The Kafka cluster has no authorizer (authorizer.class.name is not set on its "
                    + "brokers and controllers), so it keeps no ACLs: could not " + what + ".", e);
        }
        if (e instanceof GroupIdNotFoundException) {
            return new UnknownGroupException(message);
        }
        if (e instanceof org.apache.kafka.common.errors.InvalidRequestException
                || e instanceof UnsupportedVersionException) {
            return new InvalidRequestException("The Kafka cluster refused to " + what + ": " + message);
        }
        return unavailable(what, e);
    }

    /** Kafka did not answer, or answered with an error worth retrying. */
    public static BackendUnavailableException unavailable(String what, Throwable cause) {
        String reason = cause instanceof TimeoutException || cause instanceof org.apache.kafka.common.errors.TimeoutException
                ? "it did not answer in time"
                : cause instanceof RetriableException ? cause.getMessage()
                : cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        return new BackendUnavailableException("The Kafka cluster could not " + what + " (" + reason
                + "); retry later.", cause);
    }
}
