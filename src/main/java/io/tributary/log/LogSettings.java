package io.tributary.log;

import java.time.Clock;
import java.util.Objects;

/**
 * Engine-wide settings.
 *
 * @param flushPolicy        when appends are fsynced and acknowledged
 * @param indexIntervalBytes bytes of log between two entries of the sparse offset and time indexes (Kafka: 4096)
 * @param clock              the wall clock: append timestamps, and (held to monotonic time by {@link ExpiryClock})
 *                           segment age and retention; tests pass one they move by hand
 * @param metrics            metric hooks
 * @param storage            how files are opened; {@link StorageIo#DEFAULT} except in fault-injection tests
 * @param failureListener    told of every I/O failure, besides the engine's own storage health
 *                           ({@link LogManager#storageFailures()}); {@link StorageFailureListener#NONE} by default
 * @param idempotency        how many idempotent appends each partition remembers, and how long
 * @param cleaner            the cleaner of compacted topics; by default {@link CleanerSettings#manual()}
 * @param recoveryThreads    threads that open the partitions at start and close them at shutdown (Kafka's
 *                           {@code num.recovery.threads.per.data.dir}): their file work is mostly waiting for the disk
 */
public record LogSettings(FlushPolicy flushPolicy, int indexIntervalBytes, Clock clock, LogMetrics metrics, StorageIo storage,
                          StorageFailureListener failureListener, IdempotencyLimits idempotency, CleanerSettings cleaner,
                          int recoveryThreads) {

    /** Enough to keep a disk busy while others wait for it; more did not help on the two-core benchmark machine. */
    public static final int DEFAULT_RECOVERY_THREADS = 4;

    public LogSettings {
        Objects.requireNonNull(flushPolicy, "flushPolicy");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(failureListener, "failureListener");
        Objects.requireNonNull(idempotency, "idempotency");
        Objects.requireNonNull(cleaner, "cleaner");
        if (recoveryThreads < 1) {
            throw new IllegalArgumentException("recoveryThreads must be at least 1: " + recoveryThreads);
        }
        if (indexIntervalBytes <= 0) {
            throw new IllegalArgumentException("indexIntervalBytes must be positive: " + indexIntervalBytes);
        }
        if (flushPolicy instanceof FlushPolicy.Interval interval
                && (interval.interval().isNegative() || interval.interval().isZero())) {
            throw new IllegalArgumentException("flush interval must be positive: " + interval.interval());
        }
    }

    public LogSettings(FlushPolicy flushPolicy, int indexIntervalBytes, Clock clock, LogMetrics metrics, StorageIo storage,
                       StorageFailureListener failureListener, IdempotencyLimits idempotency, CleanerSettings cleaner) {
        this(flushPolicy, indexIntervalBytes, clock, metrics, storage, failureListener, idempotency, cleaner,
                DEFAULT_RECOVERY_THREADS);
    }

    public LogSettings(FlushPolicy flushPolicy, int indexIntervalBytes, Clock clock, LogMetrics metrics, StorageIo storage) {
        this(flushPolicy, indexIntervalBytes, clock, metrics, storage, StorageFailureListener.NONE, IdempotencyLimits.DEFAULT,
                CleanerSettings.manual());
    }

    public LogSettings(FlushPolicy flushPolicy, int indexIntervalBytes, Clock clock, LogMetrics metrics) {
        this(flushPolicy, indexIntervalBytes, clock, metrics, StorageIo.DEFAULT);
    }

    public static LogSettings defaults() {
        return new LogSettings(new FlushPolicy.Durable(), 4096, Clock.systemUTC(), LogMetrics.NONE);
    }

    public LogSettings withStorage(StorageIo storage) {
        return new LogSettings(flushPolicy, indexIntervalBytes, clock, metrics, storage, failureListener, idempotency, cleaner,
                recoveryThreads);
    }

    public LogSettings withFailureListener(StorageFailureListener failureListener) {
        return new LogSettings(flushPolicy, indexIntervalBytes, clock, metrics, storage, failureListener, idempotency, cleaner,
                recoveryThreads);
    }

    public LogSettings withIdempotency(IdempotencyLimits idempotency) {
        return new LogSettings(flushPolicy, indexIntervalBytes, clock, metrics, storage, failureListener, idempotency, cleaner,
                recoveryThreads);
    }

    public LogSettings withCleaner(CleanerSettings cleaner) {
        return new LogSettings(flushPolicy, indexIntervalBytes, clock, metrics, storage, failureListener, idempotency, cleaner,
                recoveryThreads);
    }

    public LogSettings withRecoveryThreads(int recoveryThreads) {
        return new LogSettings(flushPolicy, indexIntervalBytes, clock, metrics, storage, failureListener, idempotency, cleaner,
                recoveryThreads);
    }

    public LogSettings withClock(Clock clock) {
        return new LogSettings(flushPolicy, indexIntervalBytes, clock, metrics, storage, failureListener, idempotency, cleaner,
                recoveryThreads);
    }

    /**
     * The time by which data expires (retention, segment.ms, compaction lags, the idempotency window): the engine's
     * {@link ExpiryClock} when {@link LogManager} runs it, so a forward jump of the wall clock expires nothing early.
     */
    long expiryNow() {
        return clock instanceof ExpiryClock expiry ? expiry.expiryMillis() : clock.millis();
    }

    boolean durable() {
        return flushPolicy instanceof FlushPolicy.Durable;
    }
}
